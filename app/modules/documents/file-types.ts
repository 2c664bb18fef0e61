/**
 * Upload rules shared by the browser (the file input's `accept`, the help text) and the server
 * (DESIGN §6: size limit, type allow-list checked on content). Pure, unit tested.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 10;

export const UPLOAD_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

const FORMATS: Record<UploadType, { magic: readonly number[]; extensions: readonly string[]; label: string }> = {
  "application/pdf": { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: [".pdf"], label: "PDF" }, // "%PDF-"
  "image/jpeg": { magic: [0xff, 0xd8, 0xff], extensions: [".jpg", ".jpeg"], label: "JPG" },
  "image/png": { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extensions: [".png"], label: "PNG" },
};

/** For `<input type="file" accept>`: a hint to the file picker, never trusted by the server. */
export const UPLOAD_ACCEPT = UPLOAD_TYPES.flatMap((type) => [type, ...FORMATS[type].extensions]).join(",");

/**
 * The type of a file from its first bytes (its magic number). The name and the type the
 * browser claims are ignored: both are chosen by the sender, the content is what a reader opens.
 */
export function sniffContentType(bytes: Uint8Array): UploadType | null {
  for (const type of UPLOAD_TYPES) {
    const { magic } = FORMATS[type];
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/** "PDF/JPG/PNG": the allowed types as people know them, for messages. */
export function typeLabels(types: readonly UploadType[] = UPLOAD_TYPES): string {
  return types.map((t) => FORMATS[t].label).join("/");
}

const MAX_FILENAME_LENGTH = 120;

/**
 * A file name safe to store and to show: no folders, no control or reserved characters,
 * no leading dots, at most 120 characters with the extension kept.
 */
export function sanitizeFilename(name: string): string {
  const base = name.normalize("NFC").split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  if (cleaned === "") return "file";
  if (Array.from(cleaned).length <= MAX_FILENAME_LENGTH) return cleaned;
  const extension = /\.[^.\s]{1,9}$/.exec(cleaned)?.[0] ?? "";
  const stem = Array.from(cleaned.slice(0, cleaned.length - extension.length));
  return stem.slice(0, MAX_FILENAME_LENGTH - extension.length).join("") + extension;
}

/**
 * The name a download is saved under: the stored name with the extension of what the file
 * really is, so that a PNG uploaded as "scan.pdf" opens as an image ("scan.png").
 */
export function downloadFilename(filename: string, contentType: string): string {
  const format = FORMATS[contentType as UploadType];
  if (!format) return filename;
  const dot = filename.lastIndexOf(".");
  const extension = dot > 0 ? filename.slice(dot).toLowerCase() : "";
  if (format.extensions.includes(extension)) return filename;
  const known = UPLOAD_TYPES.some((t) => FORMATS[t].extensions.includes(extension));
  return (known ? filename.slice(0, dot) : filename) + format.extensions[0];
}

/**
 * `attachment` with the name twice: an ASCII fallback for old clients and the UTF-8 name
 * (RFC 6266 / RFC 5987), so that Chinese file names survive the download.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
