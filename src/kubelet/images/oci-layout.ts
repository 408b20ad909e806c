// Builds a single-layer OCI image and packs it as an OCI image-layout archive (oci-layout,
// index.json, blobs/sha256/…), the format `ctr images import` reads. Offline and deterministic.
import { createHash } from 'node:crypto';
import { createTar, type TarEntry } from './tar.ts';

const MEDIA_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const MEDIA_INDEX = 'application/vnd.oci.image.index.v1+json';
const MEDIA_CONFIG = 'application/vnd.oci.image.config.v1+json';
const MEDIA_LAYER = 'application/vnd.oci.image.layer.v1.tar';

/** The runtime part of an OCI image config (`config` in the image config JSON). */
export interface ImageRuntimeConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface ImageSpecInput {
  /** Full reference, e.g. `kts.local/pause:3.10`. */
  name: string;
  /** Files of the single layer. */
  files: TarEntry[];
  config: ImageRuntimeConfig;
  /** Shown in the image's history. */
  createdBy: string;
}

export interface BuiltImage {
  name: string;
  /** `sha256:…` of the manifest: what a registry would call the image digest. */
  manifestDigest: string;
  /** `sha256:…` of the config: the image ID containerd reports. */
  configDigest: string;
  /** The OCI image-layout archive. */
  archive: Buffer;
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Go's GOARCH names, which image configs use. */
export function ociArchitecture(arch: string = process.arch): string {
  const names: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
  };
  return names[arch] ?? arch;
}

/** The tag part of a reference (`latest` when there is none). */
export function referenceTag(name: string): string {
  const at = name.indexOf('@');
  const withoutDigest = at === -1 ? name : name.slice(0, at);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(colon + 1) : 'latest';
}

export function buildOciImage(input: ImageSpecInput): BuiltImage {
  const layer = createTar(input.files);
  const layerDigest = sha256(layer);
  const created = '1970-01-01T00:00:00Z';
  const config = Buffer.from(
    JSON.stringify({
      created,
      architecture: ociArchitecture(),
      os: 'linux',
      config: input.config,
      rootfs: { type: 'layers', diff_ids: [layerDigest] },
      history: [{ created, created_by: input.createdBy }],
    }),
  );
  const configDigest = sha256(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_MANIFEST,
      config: { mediaType: MEDIA_CONFIG, digest: configDigest, size: config.length },
      layers: [{ mediaType: MEDIA_LAYER, digest: layerDigest, size: layer.length }],
    }),
  );
  const manifestDigest = sha256(manifest);
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_INDEX,
      manifests: [
        {
          mediaType: MEDIA_MANIFEST,
          digest: manifestDigest,
          size: manifest.length,
          platform: { architecture: ociArchitecture(), os: 'linux' },
          annotations: {
            // containerd names the image from this one; the OCI one only holds the tag.
            'io.containerd.image.name': input.name,
            'org.opencontainers.image.ref.name': referenceTag(input.name),
          },
        },
      ],
    }),
  );
  const blob = (digest: string, data: Buffer): TarEntry => ({
    type: 'file',
    path: `blobs/sha256/${digest.slice(7)}`,
    data,
  });
  const archive = createTar([
    { type: 'file', path: 'oci-layout', data: Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })) },
    { type: 'file', path: 'index.json', data: index },
    { type: 'directory', path: 'blobs' },
    { type: 'directory', path: 'blobs/sha256' },
    blob(layerDigest, layer),
    blob(configDigest, config),
    blob(manifestDigest, manifest),
  ]);
  return { name: input.name, manifestDigest, configDigest, archive };
}
