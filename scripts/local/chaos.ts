/**
 * `--chaos` for the local pipeline: the faults AWS really has, injected
 * between the handlers and the local servers. A share of DynamoDB and S3
 * calls fail as throttling, 5xx or timeouts (inside the SDK's retry loop, as
 * real ones are), some S3 bodies break part-way through, and the local queue
 * delivers every event twice, out of order. The outputs must equal a normal
 * run's: that is what "exactly once in effect" means.
 */
import { Readable } from 'node:stream';
import type { DeserializeMiddleware, InitializeMiddleware } from '@smithy/types';
import type { AwsClients } from '../../shared/storage/aws-clients';

export interface ChaosOptions {
  seed: number;
  /** Share of DynamoDB and S3 calls that fail (before the SDK retries them). */
  faultRate: number;
  /** Share of S3 object bodies that break part-way through. */
  brokenBodyRate: number;
}

export const DEFAULT_CHAOS: ChaosOptions = { seed: 1, faultRate: 0.05, brokenBodyRate: 0.2 };

/** A small seeded generator (mulberry32): a chaos run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultCounts {
  injected: number;
  brokenBodies: number;
}

function fault(random: () => number): Error {
  const pick = random();
  if (pick < 0.4)
    return Object.assign(new Error('Rate exceeded (chaos)'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 }, $fault: 'client' });
  if (pick < 0.8)
    return Object.assign(new Error('Service unavailable (chaos)'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 }, $fault: 'server' });
  return Object.assign(new Error('socket timed out (chaos)'), { name: 'TimeoutError' });
}

/** A body that delivers some of its bytes, then fails as a dropped connection does. */
function breakAfter(body: Readable, bytes: number): Readable {
  let sent = 0;
  return Readable.from(
    (async function* () {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (sent + chunk.length > bytes) {
          yield chunk.subarray(0, Math.max(0, bytes - sent));
          body.destroy();
          throw Object.assign(new Error('read ECONNRESET (chaos)'), { code: 'ECONNRESET' });
        }
        sent += chunk.length;
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
}

/** Adds the fault layer to the clients the handlers use; returns the running counts. */
export function injectFaults(clients: AwsClients, options: ChaosOptions): FaultCounts {
  const random = seededRandom(options.seed);
  const counts: FaultCounts = { injected: 0, brokenBodies: 0 };
  // Any client's input and output: the layer only throws or swaps the body stream.
  // `any`: one middleware serves every command of two different clients.
  type AnyMiddleware = DeserializeMiddleware<any, any>;
  const failing: AnyMiddleware = (next) => async (args) => {
    if (random() < options.faultRate) {
      counts.injected++;
      throw fault(random);
    }
    return next(args);
  };
  // `any` for the same reason: the body swap serves S3's GetObject only.
  const breaking: InitializeMiddleware<any, any> = (next, context) => async (args) => {
    const result = await next(args);
    const output = result.output as { Body?: unknown } | undefined;
    if (context.commandName === 'GetObjectCommand' && output?.Body instanceof Readable && random() < options.brokenBodyRate) {
      counts.brokenBodies++;
      output.Body = breakAfter(output.Body, Math.floor(random() * 4096));
    }
    return result;
  };
  // Inside the retry loop, as a failed request is.
  const placement = { step: 'deserialize' as const, name: 'torchlineChaos', priority: 'low' as const };
  clients.dynamo.middlewareStack.add(failing, placement);
  clients.s3.middlewareStack.add(failing, placement);
  clients.s3.middlewareStack.add(breaking, { step: 'initialize', name: 'torchlineChaosBody' });
  return counts;
}
