/** Samples the process's memory while work runs, for the benchmark's peak figures. */
export interface MemoryPeak {
  rssMb: number;
  heapMb: number;
  /** Buffers outside V8's heap (file bytes, the workbook being zipped, socket data). */
  externalMb: number;
}

export function startMemoryProbe(intervalMs = 20): () => MemoryPeak {
  let rss = 0;
  let heap = 0;
  let external = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    external = Math.max(external, m.external);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    sample();
    const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
    return { rssMb: mb(Math.max(rss, process.resourceUsage().maxRSS * 1024)), heapMb: mb(heap), externalMb: mb(external) };
  };
}
