import fs from "node:fs";
import net from "node:net";

/** Where the kernel hands out ports for `listen(0)` and outgoing connections; Linux's default when unreadable. */
function ephemeralLow(): number {
  try {
    const low = Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 10_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const LOW = 10_000;
const HIGH = ephemeralLow();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port on 127.0.0.1 for a process a test starts, free when chosen. Below the kernel's ephemeral range: a port
 * from `listen(0)` is closed again before the process binds it, and meanwhile the kernel may give it to another test's
 * server or to an outgoing connection (seen as EADDRINUSE in the crash tests). Here only another test picking the same
 * random port at the same moment could collide.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${LOW}-${HIGH - 1} after 50 tries`);
}
