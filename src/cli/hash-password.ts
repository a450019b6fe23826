import crypto from "node:crypto";
import { hashPassword } from "../http/basic-auth-hash.js";
import type { CliIo } from "./io.js";

/** Reads a password from standard input and prints its bcrypt hash at `cost`. */
export async function hashPasswordFromInput(cost: number, io: CliIo): Promise<number> {
  const password = await readPassword(io);
  const result = await hashPassword(password, { cost, randomBytes: crypto.randomBytes });
  if (!result.ok) {
    io.stderr.write(`hash-password: ${result.error}\n`);
    return 2;
  }
  io.stdout.write(`${result.hash}\n`);
  return 0;
}

/**
 * The first line of standard input, without its line ending. On a terminal, a prompt on stderr and no echo: the
 * password stays out of the shell history (unlike an argument) and off the screen.
 */
async function readPassword(io: CliIo): Promise<string> {
  const { stdin } = io;
  const terminal = stdin.isTTY === true && typeof stdin.setRawMode === "function";
  if (terminal) {
    io.stderr.write("Password: ");
    stdin.setRawMode?.(true);
  }
  let text = "";
  try {
    for await (const chunk of stdin) {
      text += chunk.toString();
      if (terminal) {
        // Raw mode delivers keys as typed: Enter ends, Ctrl-C gives up, backspace edits.
        if (text.includes("\u0003")) return "";
        text = text.replace(/[^\u007f]\u007f/g, "").replace(/\u007f/g, "");
      }
      if (/[\r\n]/.test(text)) break;
    }
  } finally {
    if (terminal) {
      stdin.setRawMode?.(false);
      io.stderr.write("\n");
    }
  }
  return text.split(/\r?\n|\r/)[0] ?? "";
}
