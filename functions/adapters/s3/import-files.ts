/**
 * {@link ImportFiles} on an S3 bucket: one GetObject per file, asking only for the bytes the reader
 * can use (a range), so a file far over the limit is never read whole into memory.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ImportFiles } from '../../core/ports.ts';

/**
 * S3's answers that mean there is nothing to read: the file was deleted before it was read
 * (`NoSuchKey`), or it is empty, which a range cannot be asked of (`InvalidRange`).
 */
const ABSENT = 'NoSuchKey';
const EMPTY = 'InvalidRange';

/** The import bucket's files. */
export class S3ImportFiles implements ImportFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string, limit: number): Promise<Uint8Array | null> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${limit}` }),
      );
      return Body ? await Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      const name = (error as Error).name;
      if (name === ABSENT) return null;
      if (name === EMPTY) return new Uint8Array();
      throw error;
    }
  }
}
