/**
 * A free port for a TCPStore, chosen below Linux's ephemeral range
 * (32768-60999), as torchrun's default 29500 is: a port the kernel handed out
 * and took back can be handed again at once to any socket bound to port 0
 * (Gloo binds its pairs that way), and a rank would then reach the wrong
 * listener and wait forever.
 */
import * as net from "node:net";

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port in [20000, 32000) that nothing listens on now. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await bindable(port)) return port;
  }
  throw new Error("no free port in [20000, 32000)");
}
