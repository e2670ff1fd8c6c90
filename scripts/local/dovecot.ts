/**
 * A real IMAP server on loopback: Debian's Dovecot, run by the project with a
 * configuration of its own in a temporary folder (IMAP over TLS only, a
 * certificate made when it starts, one mailbox user with a password), so the
 * mailbox poll is tested against what bureaus' own servers run. `.ci/run`
 * installs `dovecot-imapd` when missing; nothing here downloads anything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { loopbackCertificate } from './loopback-certificate';
import { freePort } from './local-stack';

export interface ImapServer {
  host: string;
  port: number;
  /** The server's certificate, for the client to trust (a test certificate, never a deployed one). */
  ca: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

export class DovecotMissingError extends Error {
  constructor() {
    super('Dovecot is not installed: install it with `apt-get install dovecot-imapd` (Debian/Ubuntu), as .ci/run does');
    this.name = 'DovecotMissingError';
  }
}

export function dovecotInstalled(): boolean {
  return spawnSync('dovecot', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Dovecot's configuration: TLS-only IMAP on one loopback port, users from a file, maildirs in the folder. */
function configuration(dir: string, port: number, uid: number): string {
  // As root, mail is kept as nobody (Dovecot refuses uid 0); otherwise as the user running the tests, who also runs its services.
  const asUser = uid === 0 ? '' : `default_internal_user = ${userInfo().username}\ndefault_login_user = ${userInfo().username}\n`;
  return `${asUser}base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
service imap-login {
  chroot =
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${port}
    ssl = yes
  }
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
first_valid_gid = 1
auth_mechanisms = plain login
namespace inbox {
  inbox = yes
  separator = /
}
`;
}

/** Resolves once the server answers a TLS handshake with its greeting. */
async function ready(port: number, ca: string, process: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (process.exitCode !== null) throw new Error(`dovecot stopped at start (see ${log})`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => undefined);
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('* OK') && !d.toString().includes('Waiting for authentication'));
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not answer on port ${port} within 20 s (see ${log})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startDovecot(): Promise<ImapServer> {
  if (!dovecotInstalled()) throw new DovecotMissingError();
  const dir = mkdtempSync(join(tmpdir(), 'torchline-dovecot-'));
  // Dovecot's auth and login services run as their own users: they must reach the users file and the certificate.
  chmodSync(dir, 0o755);
  const [port, { cert, key }] = await Promise.all([freePort(), loopbackCertificate()]);
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const [mailUid, mailGid] = uid === 0 ? [65534, 65534] : [uid, gid];
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, 'cert.pem'), cert);
  writeFileSync(join(dir, 'key.pem'), key, { mode: 0o600 });
  writeFileSync(join(dir, 'users'), `bureau:{PLAIN}${password}:${mailUid}:${mailGid}::${dir}/mail/bureau::\n`);
  mkdirSync(join(dir, 'mail'));
  if (uid === 0) chownSync(join(dir, 'mail'), mailUid, mailGid);
  writeFileSync(join(dir, 'dovecot.conf'), configuration(dir, port, uid));
  const child = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await ready(port, cert, child, join(dir, 'dovecot.log'));
  return {
    host: '127.0.0.1',
    port,
    ca: cert,
    user: 'bureau',
    password,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
