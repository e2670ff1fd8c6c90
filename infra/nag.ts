/**
 * cdk-nag acknowledgements that name exactly the wildcard they accept, so a
 * new wildcard elsewhere still fails the synth.
 */
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** How cdk-nag writes a resource's ARN in a finding: <LogicalId.Arn>. */
export function nagArn(resource: IConstruct): string {
  const cfn = resource.node.defaultChild as CfnElement;
  const stack = Stack.of(resource);
  return `<${stack.resolve(stack.getLogicalId(cfn)) as string}.Arn>`;
}

export function acknowledgeWildcards(scope: IConstruct, reason: string, resources: string[]): void {
  for (const resource of resources) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }
}
