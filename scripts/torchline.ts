/** npm run torchline -- <command>: the operator CLI (scripts/operator/operator-cli.ts). */
import { fileURLToPath } from 'node:url';
import { CONSOLE_OUTPUT } from './operator/output';
import { runTorchline } from './operator/operator-cli';

// The SDK's reminder that Node 20 support ends says nothing to an operator about their task.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = fileURLToPath(new URL('..', import.meta.url));
process.exitCode = await runTorchline(process.argv.slice(2), CONSOLE_OUTPUT, {
  localFile: `${root}out/local-stack.json`,
  stackName: process.env.TORCHLINE_STACK,
});
