// Worker threads do not inherit the TypeScript loader: register it, then load the worker proper.
import { register } from "tsx/esm/api";

register();
await import("./chart-worker.ts");
