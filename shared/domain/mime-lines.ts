/**
 * A MIME message with every line ended by CRLF, as SMTP carries it: the bytes
 * stored as the .eml are then the bytes either mail adapter sends (nodemailer's
 * composer leaves some lines of a quoted-printable body with a bare LF, which
 * an SMTP client turns into CRLF on the wire).
 */
export function withCrlf(message: Buffer): Buffer {
  // latin1 maps bytes to characters one to one: the conversion changes nothing but the line ends.
  return Buffer.from(message.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

/** The bureau as every message of Torchline names its sender: the district's bureau, then Torchline. */
export function bureauFrom(district: string, address: string): { name: string; address: string } {
  return { name: `${district}科技局 Torchline`, address };
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
