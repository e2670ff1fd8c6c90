/**
 * A streaming XML reader for the parts of an .xlsx. The bytes are decoded by
 * one streaming TextDecoder, so a character split across two zip chunks is
 * joined, never replaced by U+FFFD (the defect of exceljs's streaming reader,
 * which decoded each chunk on its own). saxes parses; it expands no entity
 * it was not told of, so a billion-laughs part is an error, not a bomb.
 */
import { XmlPartError } from '../ingest-errors';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';

export interface XmlHandler {
  /** `name` without its namespace prefix; `qualified` as written (`x14:workbookPr`), for the parts where the prefix matters. */
  open(name: string, attributes: Readonly<Record<string, string>>, qualified: string): void;
  text(text: string): void;
  close(name: string): void;
}

/** `x:row` and `row` are the same element: some writers prefix the SpreadsheetML namespace. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Feeds the part to the handler; yields after every chunk so the caller can
 * hand on what the handler collected without holding the whole part.
 */
export async function* feedXml(stream: Readable, handler: XmlHandler): AsyncGenerator<void> {
  const parser = new SaxesParser({ position: false });
  // An error the handler throws (a limit, say) goes to the caller as it is.
  // Set while the handler runs: an exception that leaves it set is the handler's. (A flag, not a
  // try/catch wrapper with rest arguments around every event: one event per tag and text of a sheet.)
  let inHandler = false;
  parser.on('opentag', (tag) => {
    inHandler = true;
    handler.open(localName(tag.name), tag.attributes as Record<string, string>, tag.name);
    inHandler = false;
  });
  const text = (t: string) => {
    inHandler = true;
    handler.text(t);
    inHandler = false;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.on('closetag', (tag) => {
    inHandler = true;
    handler.close(localName(tag.name));
    inHandler = false;
  });
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decoder.decode(chunk, { stream: true }));
      yield;
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (err) {
    stream.destroy();
    if (inHandler) throw err;
    throw new XmlPartError(err instanceof Error ? err.message : String(err));
  }
  yield;
}

/** Reads a small part whole through the handler (workbook, relationships, styles). */
export async function readXml(stream: Readable, handler: XmlHandler): Promise<void> {
  for await (const _ of feedXml(stream, handler)) {
    // The handler keeps what it needs.
  }
}
