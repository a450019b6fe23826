/**
 * Exits once what was written has reached the OS: process.exit() right after writing to a pipe that is read slowly
 * (`| head`, `docker compose exec -T … > file`) drops what libuv still holds. An empty write's callback runs after
 * the writes before it have been handed over.
 */
export function exitWhenFlushed(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
