/**
 * POSIX shell quoting for the commands the extension and the CLI show or copy: a value pasted
 * into a terminal must arrive as one literal argument, whatever it holds (`$(...)`, backticks,
 * quotes, spaces, `<x>`, newlines). Words made only of characters no shell treats specially
 * stay bare, so everyday commands read as a person would type them.
 */

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word that expands to exactly `value`: bare when safe, else single-quoted (`'\''` for a quote). */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its arguments, each quoted as needed. */
export function shellCommand(...words: string[]): string {
  return words.map(shellQuote).join(' ');
}
