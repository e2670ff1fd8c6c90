/**
 * A Torchline Lambda: Node.js (runtime and processor per partition, lambda-runtime.ts), bundled by the local esbuild (no
 * Docker) as minified ESM, with its own log group and a role that can write
 * only there (no managed policies).
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { lambdaNodeFlags } from '../shared/config';
import { lambdaRuntime } from './lambda-runtime';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface TorchlineFunctionProps {
  /** File under lambdas/, without extension. */
  handler: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
}

export class TorchlineFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TorchlineFunctionProps) {
    super(scope, id);
    const logGroup = (this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description}: logs to its own group; data access granted by its construct`,
    });
    logGroup.grantWrite(this.role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${root}lambdas/${props.handler}.ts`,
      projectRoot: root,
      depsLockFilePath: `${root}package-lock.json`,
      // Per partition, or as deployed (lambda-runtime.ts).
      ...lambdaRuntime(this),
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: ['--enable-source-maps', ...lambdaNodeFlags(props.memorySize)].join(' '), ...props.environment },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        // Errors are told apart and logged by class name (`name` = new.target.name): minified, they would all be "e".
        keepNames: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: 'node24',
        // CommonJS dependencies (exceljs, csv-parse's peers) call require() inside an ESM bundle.
        banner: "import { createRequire as __torchlineCreateRequire } from 'module'; const require = __torchlineCreateRequire(import.meta.url);",
        // The SDK v3 is in the runtime, but bundling pins the version the tests ran against.
        externalModules: [],
      },
    });
  }
}
