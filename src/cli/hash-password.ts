import crypto from "node:crypto";
import type { CliCommand } from "./command.js";
import type { CliIo } from "./io.js";

export const hashPasswordCommand: CliCommand = {
  name: "hash-password",
  summary:
    "Read a password from standard input (typed without echo on a terminal) and print its bcrypt hash, for basic_auth_users in WEB_CONFIG_FILE.",
  exitCodes: "0 printed, 2 no usable password or a bad --cost",
  configure: (command) =>
    command.option("--cost <n>", "bcrypt cost, 4-31: each step doubles the time a check takes", "10"),
  async run(options, io) {
    const cost = Number(options.cost);
    const password = await readPassword(io);
    // bcryptjs is loaded by the command that needs it, not by every run of the CLI (serve above all).
    const { hashPassword } = await import("../http/basic-auth-hash.js");
    const result = await hashPassword(password, { cost, randomBytes: crypto.randomBytes });
    if (!result.ok) {
      io.stderr.write(`hash-password: ${result.error}\n`);
      return 2;
    }
    io.stdout.write(`${result.hash}\n`);
    return 0;
  },
};

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
