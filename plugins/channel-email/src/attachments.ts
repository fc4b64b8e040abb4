import type { Attachment } from 'mailparser';

/**
 * What Rapport keeps of an attachment: enough to show and find it, not its content (interactions
 * are rows in the database, and a 10 MB PDF does not belong in one).
 */
export interface AttachmentInfo {
  /** The file name the sender gave, if any. */
  filename: string | null;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** SHA-256 of the decoded content, hex: the same file sent twice has the same checksum. */
  checksum: string;
  /** `attachment` or `inline`, as the message said. */
  disposition: string | null;
  /** The Content-ID without angle brackets, for an inline image that the HTML refers to as `cid:`. */
  contentId: string | null;
  /** Whether it is part of the HTML body (an image in multipart/related) rather than a separate file. */
  inline: boolean;
}

/** The algorithm handed to mailparser for {@link AttachmentInfo.checksum}. */
export const CHECKSUM_ALGORITHM = 'sha256';

/** The metadata of every attachment mailparser found, in message order; none is dropped. */
export function describeAttachments(attachments: readonly Attachment[]): AttachmentInfo[] {
  return attachments.map((attachment) => ({
    filename: attachment.filename ?? null,
    contentType: attachment.contentType,
    size: attachment.size,
    checksum: attachment.checksum,
    disposition: attachment.contentDisposition ?? null,
    contentId: attachment.cid ?? null,
    inline: attachment.related === true || attachment.contentDisposition === 'inline',
  }));
}
