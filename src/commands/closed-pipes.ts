/**
 * Output into a pipe whose reader has gone (`sessionprobe list-checks | head -1`) is not a fault: the
 * reader has all it wanted. Without a listener Node turns the EPIPE into an uncaught exception with a
 * stack trace and exit 1; with this one the command finishes quietly and keeps its own exit code.
 */
export function tolerateClosedPipes(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      throw error;
    });
  }
}
