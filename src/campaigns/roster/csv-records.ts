// RFC 4180 records: comma separated, fields in double quotes may hold commas, line breaks and doubled
// quotes; lines end in CRLF, LF or CR. A quote inside an unquoted field is kept as it is (as Excel does).

export class CsvSyntaxError extends Error {
  constructor(readonly record: number) {
    super(`unterminated quoted field in record ${record}`);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** The records of `text`, numbered from 1 as a spreadsheet numbers its rows; `end`: where the next one starts. */
export function* csvRecords(text: string): Generator<{ record: number; fields: string[]; end: number }> {
  const n = text.length;
  let i = 0;
  let record = 0;
  while (i < n) {
    record++;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let out = '';
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new CsvSyntaxError(record);
          if (text.charCodeAt(q + 1) === QUOTE) {
            out += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          out += text.slice(from, q);
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the next separator belongs to the field (lenient, like Excel).
        const rest = i;
        while (i < n && text.charCodeAt(i) !== COMMA && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
        value = out + text.slice(rest, i);
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        value = text.slice(start, i);
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      if (i < n && text.charCodeAt(i) === CR) i++;
      if (i < n && text.charCodeAt(i) === LF) i++;
      break;
    }
    yield { record, fields, end: i };
  }
}
