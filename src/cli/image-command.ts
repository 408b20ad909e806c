// `kts image import FILE…` loads image archives (OCI layout or `docker save`, optionally gzip/zstd
// compressed) into the node's containerd, for air-gapped nodes; `kts image ls` lists what the
// runtime has. Both talk to kts's own containerd unless --container-runtime-endpoint says otherwise.
import type { Command } from 'commander';
import { DEFAULT_CONTAINERD_RUN_DIR } from '../kubelet/containerd/config.ts';

const DEFAULT_ENDPOINT = `unix://${DEFAULT_CONTAINERD_RUN_DIR}/containerd.sock`;

// The runtime's client (gRPC) and the importer load only when an image command runs.
const criClient = () => import('../kubelet/cri/cri-client.ts');

const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

export function registerImageCommands(program: Command): void {
  const image = program.command('image').description("manage images in the node's container runtime");

  image
    .command('import <files...>')
    .description('load image archives (OCI or docker-archive .tar, .tar.gz, .tar.zst) into the runtime')
    .option('--container-runtime-endpoint <endpoint>', 'CRI socket of the runtime', DEFAULT_ENDPOINT)
    .action(async (files: string[], options: { containerRuntimeEndpoint: string }) => {
      const [{ default: cliProgress }, { criTarget }, { importImageArchive }] = await Promise.all([
        import('cli-progress'),
        criClient(),
        import('../kubelet/images/import-archive.ts'),
      ]);
      const socket = criTarget(options.containerRuntimeEndpoint).slice('unix://'.length);
      let failed = false;
      for (const file of files) {
        const bar = new cliProgress.SingleBar(
          {
            format: `${file} [{bar}] {percentage}% | {done}/{size} MiB | {phase}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        let started = false;
        try {
          const { images } = await importImageArchive(file, {
            socket,
            onProgress: (p) => {
              const total = p.total ?? p.bytes;
              if (!started) {
                bar.start(total, 0, { done: '0.0', size: mib(total), phase: p.phase });
                started = true;
              }
              bar.update(p.bytes, { done: mib(p.bytes), phase: p.phase });
            },
          });
          if (started) bar.stop();
          for (const name of images) console.log(`imported ${name}`);
          if (images.length === 0) console.log(`${file}: no image in the archive`);
        } catch (err) {
          if (started) bar.stop();
          console.error(`${file}: ${(err as Error).message}`);
          failed = true;
        }
      }
      if (failed) process.exitCode = 1;
    });

  image
    .command('ls')
    .description('list the images the runtime has')
    .option('--container-runtime-endpoint <endpoint>', 'CRI socket of the runtime', DEFAULT_ENDPOINT)
    .action(async (options: { containerRuntimeEndpoint: string }) => {
      const { CriClient } = await criClient();
      const cri = new CriClient(options.containerRuntimeEndpoint, { timeoutMs: 10_000 });
      try {
        const images = await cri.listImages();
        const rows = images.map((i) => [
          i.repoTags[0] ?? i.repoDigests[0] ?? '<none>',
          i.id.slice(7, 19),
          `${mib(i.size)} MiB`,
        ]);
        const width = Math.max(5, ...rows.map((r) => r[0]!.length));
        console.log(`${'IMAGE'.padEnd(width)}  ${'ID'.padEnd(12)}  SIZE`);
        for (const [name, id, size] of rows)
          console.log(`${name!.padEnd(width)}  ${id!.padEnd(12)}  ${size}`);
      } finally {
        cri.close();
      }
    });
}
