import { describe, expect, it } from 'vitest';
import { findJava, freePort, JavaMissingError } from '../../../scripts/local/local-stack';

describe('local stack', () => {
  it('says what to install when Java is missing', () => {
    const saved = { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME };
    process.env.PATH = '/nonexistent';
    process.env.JAVA_HOME = '/nonexistent-jdk';
    try {
      expect(() => findJava()).toThrow(JavaMissingError);
      expect(() => findJava()).toThrow(/openjdk-17-jre-headless/);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.JAVA_HOME === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved.JAVA_HOME;
    }
  });

  it('finds a free port on loopback', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1024);
    expect(port).toBeLessThan(65536);
  });
});
