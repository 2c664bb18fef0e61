/**
 * PDF documents: pdfkit with Noto Sans SC embedded (subset) for every PDF (DESIGN §7), A4 with a
 * calm layout fit for an official notice (采购公告, 更正公告, reports, receipts).
 *
 *   const pdf = await renderPdf(
 *     (doc) => {
 *       doc.title("郑州市金水区民政局社区居家养老服务项目采购公告");
 *       doc.subtitle(`发布日期：${officialDate(tender.publishedAt)}`);
 *       doc.heading("一、项目基本情况");
 *       doc.keyValues([{ label: "最高限价", value: formatFen(tender.ceilingPrice) }, { label: "采购方式", value: "公开招标" }]);
 *       doc.heading("二、评审标准");
 *       doc.table({
 *         columns: [{ header: "评审因素", width: 3 }, { header: "说明", width: 6 }, { header: "分值", width: 1, align: "right" }],
 *         rows: criteria.map((c) => [c.name, c.description, String(c.maxPoints)]),
 *       });
 *       doc.paragraph(tender.eligibility);
 *       doc.signOff(["郑州市金水区民政局", officialDate(tender.publishedAt)]);
 *     },
 *     { title: "社区居家养老服务项目采购公告", subject: "采购公告", createdAt: tender.publishedAt },
 *   );
 *   return pdfResponse(pdf, "采购公告.pdf");
 *
 * - The title block (title and any subtitles) is closed by a thin rule before the first body block.
 * - Every page gets the footer 第 N 页 / 共 M 页.
 * - Tables and key-value tables wrap long cells, break across pages and repeat their header row.
 * - Pass `createdAt` (e.g. the publication time): the same content then gives the same bytes,
 *   so a document can be hashed or signed; without it the current time is used.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";

const AUTHOR = "三社联动服务采购平台";

// A4 in points, with margins close to GB/T 9704 (official documents): 25 mm sides, 25 mm top.
const PAGE = { size: "A4", margins: { top: 72, bottom: 72, left: 70, right: 70 } } as const;
const FOOTER_OFFSET = 40; // baseline area of the page number, measured from the bottom edge

const FONT = { regular: "NotoSansSC", bold: "NotoSansSC-Bold" } as const;
const SIZE = { title: 18, subtitle: 10, heading: 12, body: 10.5, table: 10, small: 9 } as const;
const LINE_GAP = 2.5;
const COLOR = {
  ink: "#1a1a1a",
  muted: "#555555",
  rule: "#b3261e",
  grid: "#b8c0cc",
  headerFill: "#eef1f5",
  labelFill: "#f6f7f9",
} as const;
const CELL_PAD = { x: 6, y: 4 } as const;

export interface PdfTableColumn {
  header: string;
  /** Relative width (default 1): widths 3, 6, 1 give 30%, 60%, 10% of the text width. */
  width?: number;
  align?: "left" | "center" | "right";
}

export interface PdfKeyValue {
  label: string;
  value: string;
}

export interface PdfWriter {
  /** The document title: bold, centered. */
  title(text: string): void;
  /** A centered line under the title (project number, date of publication). */
  subtitle(text: string): void;
  /** A section heading, e.g. "一、项目基本情况". */
  heading(text: string): void;
  /** Body text; the first line is indented by two characters unless `indent: false`. */
  paragraph(text: string, options?: { indent?: boolean; align?: "left" | "center" | "right" }): void;
  /** Small muted text (a remark, a source). */
  note(text: string): void;
  /** A two-column table of label and value rows. */
  keyValues(rows: PdfKeyValue[]): void;
  /** A table with a header row; long cells wrap, and the header repeats on each new page. */
  table(spec: { columns: PdfTableColumn[]; rows: string[][] }): void;
  /** Vertical space in points (default one body line). */
  spacer(points?: number): void;
  /** The closing block, right-aligned: issuing authority and date (落款). */
  signOff(lines: string[]): void;
}

export interface PdfMeta {
  title: string;
  subject?: string;
  /** Creation date written into the PDF; fixes the output bytes for the same content. */
  createdAt?: Date;
}

let fontFiles: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

// Resolved through the package name, which works both from this source file (tests, tsx) and
// from build/index.js, where the Remix compiler has bundled this module.
function fontPath(file: string) {
  const packageJson = createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-sc/package.json");
  return path.join(path.dirname(packageJson), file);
}

/** The embedded fonts (regular, bold), loaded once; for documents drawn with pdfkit directly (QR sheets). */
export function loadFonts() {
  fontFiles ??= Promise.all([
    readFile(fontPath("400Regular/NotoSansSC_400Regular.ttf")),
    readFile(fontPath("700Bold/NotoSansSC_700Bold.ttf")),
  ]).then(([regular, bold]) => ({ regular, bold }));
  fontFiles.catch(() => {
    fontFiles = undefined;
  });
  return fontFiles;
}

/** Builds a PDF document; resolves with its bytes. */
export async function renderPdf(build: (doc: PdfWriter) => void, meta: PdfMeta): Promise<Buffer> {
  const fonts = await loadFonts();
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: PAGE.margins,
    bufferPages: true,
    pdfVersion: "1.7",
    lang: "zh-CN",
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: AUTHOR,
      Creator: AUTHOR,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      CreationDate: meta.createdAt ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  const writer = new Writer(doc);
  build(writer);
  writer.finish();
  doc.end();
  return done;
}

/** A PDF as an HTTP answer; the file name may be Chinese (RFC 6266 filename*). */
export function pdfResponse(pdf: Buffer, filename: string, options: { download?: boolean; headers?: Record<string, string> } = {}) {
  const asciiFallback = /^[\x20-\x7e]+$/.test(filename) && !/["\\]/.test(filename) ? filename : "document.pdf";
  const disposition = `${options.download ? "attachment" : "inline"}; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.length),
      "Content-Disposition": disposition,
      "X-Content-Type-Options": "nosniff",
      ...options.headers,
    },
  });
}

const SHANGHAI_DATE = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" });
const SHANGHAI_TIME = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "2026年3月2日", Beijing time: how dates are written in official notices. */
export function officialDate(value: Date): string {
  return SHANGHAI_DATE.format(value);
}

/** "2026年3月2日 09:30", Beijing time: for deadlines and opening times. */
export function officialDateTime(value: Date): string {
  return `${SHANGHAI_DATE.format(value)} ${SHANGHAI_TIME.format(value)}`;
}

interface GridOptions {
  header?: string[];
  /** The first column holds labels (key-value table): shaded, muted. */
  labelColumn?: boolean;
  align?: PdfTableColumn["align"][];
}

class Writer implements PdfWriter {
  private titleBlockOpen = false;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    doc.font(FONT.regular).fontSize(SIZE.body).fillColor(COLOR.ink);
  }

  private get left() {
    return this.doc.page.margins.left;
  }

  private get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom() {
    return this.doc.page.maxY();
  }

  private get pageBodyHeight() {
    return this.bottom - this.doc.page.margins.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private ensureRoom(height: number) {
    if (this.doc.y + height > this.bottom && this.doc.y > this.doc.page.margins.top) this.doc.addPage();
  }

  private lineHeight(size: number) {
    this.doc.fontSize(size);
    return this.doc.currentLineHeight(true) + LINE_GAP;
  }

  // Closes the title block with a thin rule before the first body block.
  private body() {
    if (!this.titleBlockOpen) return;
    this.titleBlockOpen = false;
    const y = this.doc.y + 4;
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.75)
      .strokeColor(COLOR.rule)
      .stroke();
    this.doc.y = y + 14;
  }

  private write(text: string, font: string, size: number, color: string, options: PDFKit.Mixins.TextOptions) {
    this.doc.font(font).fontSize(size).fillColor(color);
    this.doc.text(text, this.left, this.doc.y, { width: this.width, lineGap: LINE_GAP, ...options });
  }

  title(text: string) {
    this.titleBlockOpen = true;
    this.write(text, FONT.bold, SIZE.title, COLOR.ink, { align: "center", lineGap: 6 });
    this.doc.moveDown(0.3);
  }

  subtitle(text: string) {
    this.titleBlockOpen = true;
    this.write(text, FONT.regular, SIZE.subtitle, COLOR.muted, { align: "center" });
  }

  heading(text: string) {
    this.body();
    const before = this.doc.y > this.doc.page.margins.top ? 8 : 0;
    // Keep a heading with at least two lines of what follows it.
    this.ensureRoom(before + this.lineHeight(SIZE.heading) + 2 * this.lineHeight(SIZE.body));
    if (this.doc.y > this.doc.page.margins.top) this.doc.y += before;
    this.write(text, FONT.bold, SIZE.heading, COLOR.ink, {});
    this.doc.y += 4;
  }

  paragraph(text: string, options: { indent?: boolean; align?: "left" | "center" | "right" } = {}) {
    this.body();
    this.ensureRoom(2 * this.lineHeight(SIZE.body));
    for (const part of text.split(/\r?\n/)) {
      this.write(part || " ", FONT.regular, SIZE.body, COLOR.ink, { align: options.align ?? "left", indent: options.indent === false ? 0 : 2 * SIZE.body });
    }
    this.doc.y += 6;
  }

  note(text: string) {
    this.body();
    this.write(text, FONT.regular, SIZE.small, COLOR.muted, {});
    this.doc.y += 4;
  }

  keyValues(rows: PdfKeyValue[]) {
    this.body();
    this.doc.font(FONT.regular).fontSize(SIZE.table);
    const longest = Math.max(0, ...rows.map((r) => this.doc.widthOfString(r.label)));
    const labelWidth = Math.min(Math.max(longest + 2 * CELL_PAD.x + 2, this.width * 0.2), this.width * 0.35);
    this.grid(
      [labelWidth, this.width - labelWidth],
      rows.map((r) => [r.label, r.value]),
      { labelColumn: true },
    );
  }

  table(spec: { columns: PdfTableColumn[]; rows: string[][] }) {
    this.body();
    const weights = spec.columns.map((c) => c.width ?? 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (this.width * w) / total);
    this.grid(widths, spec.rows, { header: spec.columns.map((c) => c.header), align: spec.columns.map((c) => c.align) });
  }

  spacer(points: number = this.lineHeight(SIZE.body)) {
    this.body();
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  signOff(lines: string[]) {
    this.body();
    const height = lines.length * this.lineHeight(SIZE.body) + 18;
    this.ensureRoom(height);
    this.doc.y += 18;
    // Right-aligned as a block, each line centered on the longest (the usual 落款 layout).
    this.doc.font(FONT.regular).fontSize(SIZE.body);
    const blockWidth = Math.max(...lines.map((l) => this.doc.widthOfString(l))) + 2 * SIZE.body;
    for (const line of lines) {
      this.doc.fillColor(COLOR.ink).text(line, this.left + this.width - blockWidth, this.doc.y, { width: blockWidth, align: "center", lineGap: LINE_GAP });
    }
    this.doc.x = this.left;
  }

  /** Page numbers on every page, written into the bottom margin once all pages exist. */
  finish() {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i += 1) {
      this.doc.switchToPage(i);
      const { margins } = this.doc.page;
      const bottomMargin = margins.bottom;
      // Text below maxY would open a new page: lift the bottom margin while writing the footer.
      margins.bottom = 0;
      this.doc
        .font(FONT.regular)
        .fontSize(SIZE.small)
        .fillColor(COLOR.muted)
        .text(`第 ${i - start + 1} 页 / 共 ${count} 页`, margins.left, this.doc.page.height - FOOTER_OFFSET, {
          width: this.doc.page.width - margins.left - margins.right,
          align: "center",
          lineBreak: false,
        });
      margins.bottom = bottomMargin;
    }
  }

  private cellHeight(text: string, width: number) {
    return this.doc.heightOfString(text || " ", { width: width - 2 * CELL_PAD.x, lineGap: LINE_GAP });
  }

  private rowHeight(cells: string[], widths: number[], bold: boolean) {
    this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(SIZE.table);
    return Math.max(...widths.map((w, i) => this.cellHeight(cells[i] ?? "", w))) + 2 * CELL_PAD.y;
  }

  /** The longest start of `text` that fits in `maxHeight` in a cell of `width`, and the rest. */
  private splitToFit(text: string, width: number, maxHeight: number): [string, string] {
    if (this.cellHeight(text, width) <= maxHeight) return [text, ""];
    const chars = Array.from(text);
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.cellHeight(chars.slice(0, mid).join(""), width) <= maxHeight) lo = mid;
      else hi = mid - 1;
    }
    return [chars.slice(0, lo).join(""), chars.slice(lo).join("")];
  }

  private drawRow(cells: string[], widths: number[], height: number, style: { bold?: boolean; fill?: string; labelColumn?: boolean; align?: GridOptions["align"] }) {
    const doc = this.doc;
    const top = doc.y;
    let x = this.left;
    widths.forEach((w, i) => {
      const fill = style.fill ?? (style.labelColumn && i === 0 ? COLOR.labelFill : undefined);
      if (fill) doc.rect(x, top, w, height).fill(fill);
      doc.rect(x, top, w, height).lineWidth(0.5).strokeColor(COLOR.grid).stroke();
      const muted = style.labelColumn && i === 0;
      doc
        .font(style.bold ? FONT.bold : FONT.regular)
        .fontSize(SIZE.table)
        .fillColor(muted ? COLOR.muted : COLOR.ink)
        .text(cells[i] || " ", x + CELL_PAD.x, top + CELL_PAD.y, {
          width: w - 2 * CELL_PAD.x,
          height: height - 2 * CELL_PAD.y + 1,
          align: style.align?.[i] ?? "left",
          lineGap: LINE_GAP,
        });
      x += w;
    });
    doc.x = this.left;
    doc.y = top + height;
  }

  private grid(widths: number[], rows: string[][], options: GridOptions) {
    const header = options.header;
    const headerHeight = header ? this.rowHeight(header, widths, true) : 0;
    const drawHeader = () => {
      if (header) this.drawRow(header, widths, headerHeight, { bold: true, fill: COLOR.headerFill, align: options.align });
    };
    const minRows = this.rowHeight([""], [this.width], false);
    this.ensureRoom(headerHeight + (rows.length > 0 ? Math.min(this.rowHeight(rows[0], widths, false), 3 * minRows) : 0));
    drawHeader();
    const style = { labelColumn: options.labelColumn, align: options.align };
    for (let cells of rows) {
      for (;;) {
        const height = this.rowHeight(cells, widths, false);
        if (this.doc.y + height <= this.bottom) {
          this.drawRow(cells, widths, height, style);
          break;
        }
        const room = this.bottom - this.doc.y;
        const fitsOnFreshPage = height <= this.pageBodyHeight - headerHeight;
        if (fitsOnFreshPage || room < 3 * minRows) {
          this.doc.addPage();
          drawHeader();
          if (fitsOnFreshPage) continue;
        }
        // A row taller than a page: fill this page with the start of each cell, carry the rest.
        const available = this.bottom - this.doc.y;
        this.doc.font(FONT.regular).fontSize(SIZE.table);
        const parts = widths.map((w, i) => this.splitToFit(cells[i] ?? "", w, available - 2 * CELL_PAD.y));
        if (parts.every((p) => p[0] === "")) throw new Error("a table cell is too narrow for a single character");
        this.drawRow(
          parts.map((p) => p[0]),
          widths,
          available,
          style,
        );
        this.doc.addPage();
        drawHeader();
        cells = parts.map((p) => p[1]);
      }
    }
    this.doc.y += 8;
  }
}
