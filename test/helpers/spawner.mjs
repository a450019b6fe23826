// The process test/helpers/small-spawn.ts starts its children from: plain JavaScript on bare node (nothing to
// load), tens of MB, so each fork(2) it makes copies little. Spoken to over its IPC channel:
//   in:  { type: "spawn", id, command, args, cwd, env, input? }   { type: "kill", id, signal }
//   out: { type: "spawned", id, pid }  { type: "data", id, stream, chunk }  { type: "exit" | "close", id, code, signal }
//        { type: "error", id, message, code }
// Messages about one child leave in the order its events happen, so every "data" comes before its "close".
// When the test process goes away, the children it left running are killed: they were started for it alone.
import { spawn } from "node:child_process";

const children = new Map();

process.on("message", (message) => {
  if (message.type === "spawn") start(message);
  else if (message.type === "kill") children.get(message.id)?.kill(message.signal);
});

process.on("disconnect", () => {
  for (const child of children.values()) child.kill("SIGKILL");
  process.exit(0);
});

function send(message) {
  if (process.connected) process.send(message);
}

function start({ id, command, args, cwd, env, input }) {
  const child = spawn(command, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  // A child that exits without reading all of its input closes the pipe: not an error of ours.
  child.stdin?.on("error", () => {});
  child.stdin?.end(input);
  children.set(id, child);
  child.once("spawn", () => send({ type: "spawned", id, pid: child.pid }));
  child.once("error", (error) => {
    children.delete(id);
    send({ type: "error", id, message: error.message, code: error.code });
  });
  for (const stream of ["stdout", "stderr"]) {
    child[stream].on("data", (chunk) => send({ type: "data", id, stream, chunk }));
  }
  child.once("exit", (code, signal) => send({ type: "exit", id, code, signal }));
  child.once("close", (code, signal) => {
    children.delete(id);
    send({ type: "close", id, code, signal });
  });
}
