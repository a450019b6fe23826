/**
 * One expression evaluated in a running node process's main thread through the inspector, without changing how the
 * process was started beyond an inert `--inspect-port=0`: SIGUSR1 opens the inspector on a free port, its
 * "Debugger listening on ws://…" line is read from the process's output, one Runtime.evaluate is sent. Needs
 * WebSocket (node --experimental-websocket on Node 20). For reading process.memoryUsage() of an exporter.
 */
import { waitUntil } from "./format.js";

interface MinimalWebSocket {
  addEventListener(type: "open" | "error" | "message", listener: (event: { data?: unknown }) => void): void;
  send(data: string): void;
  close(): void;
}

export async function evaluateInProcess(pid: number, output: () => string, expression: string): Promise<unknown> {
  const WebSocketClass = (globalThis as { WebSocket?: new (url: string) => MinimalWebSocket }).WebSocket;
  if (WebSocketClass === undefined) throw new Error("no WebSocket: run node with --experimental-websocket");
  if (!/Debugger listening on ws:/.test(output())) process.kill(pid, "SIGUSR1");
  const url = await waitUntil(
    "the inspector's address",
    () => /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1],
    {
      timeoutMs: 10_000,
    },
  );
  const socket = new WebSocketClass(url);
  try {
    return await new Promise((resolve, reject) => {
      socket.addEventListener("error", () => reject(new Error(`inspector connection to ${url} failed`)));
      socket.addEventListener("open", () =>
        socket.send(JSON.stringify({ id: 1, method: "Runtime.evaluate", params: { expression, returnByValue: true } })),
      );
      socket.addEventListener("message", (event) => {
        const message = JSON.parse(String(event.data)) as {
          id?: number;
          result?: { result?: { value?: unknown }; exceptionDetails?: { text?: string } };
        };
        if (message.id !== 1) return;
        if (message.result?.exceptionDetails) reject(new Error(message.result.exceptionDetails.text ?? "exception"));
        else resolve(message.result?.result?.value);
      });
    });
  } finally {
    socket.close();
  }
}
