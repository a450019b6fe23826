// The chart worker with one addition, for bench/memory/chart-worker.ts: a "heap" message is answered with the
// worker's own V8 heap figures (v8.getHeapStatistics() is per isolate: the parent cannot read them). The worker
// proper (dist/, passed as workerData) is loaded unchanged and answers everything else.
import v8 from "node:v8";
import { parentPort, workerData } from "node:worker_threads";

parentPort?.on("message", (message) => {
  if (message !== "heap") return;
  const heap = v8.getHeapStatistics();
  parentPort?.postMessage({ id: "heap", totalBytes: heap.total_heap_size, usedBytes: heap.used_heap_size });
});
await import(workerData);
