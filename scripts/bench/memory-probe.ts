/** Samples the process's memory while work runs, for the benchmark's peak figures. */
export interface MemoryPeak {
  rssMb: number;
  heapMb: number;
}

export function startMemoryProbe(intervalMs = 20): () => MemoryPeak {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    sample();
    const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
    return { rssMb: mb(Math.max(rss, process.resourceUsage().maxRSS * 1024)), heapMb: mb(heap) };
  };
}
