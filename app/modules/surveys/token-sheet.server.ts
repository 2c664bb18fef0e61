/**
 * The printed token sheet (调查凭证): A4 pages of cards to cut apart, each with a QR code that
 * opens the survey on a phone and the short code beside it for people without a camera, who
 * type it on /survey. The QR modules are drawn as vector squares, so the codes scan at any size.
 */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { loadFonts } from "~/modules/documents/pdf.server";
import { formatCode } from "./survey-rules";

const FONT = { regular: "NotoSansSC", bold: "NotoSansSC-Bold" } as const;
const PAGE = { width: 595.28, height: 841.89, margin: 36 } as const;
const COLUMNS = 3;
const ROWS = 4;
const QR_SIZE = 90;

export interface TokenSheetInput {
  projectTitle: string;
  communityName: string;
  /** The portal's address as residents reach it, e.g. https://sanshe.example.cn */
  origin: string;
  tokens: { code: string; expiresOn: string }[];
  issuedAt: Date;
}

function chineseDate(isoDate: string) {
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const count = qr.modules.size;
  // A quiet zone of two modules around the code, as scanners expect.
  const cell = size / (count + 4);
  doc.save().fillColor("#000000");
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + 2) * cell, y + (row + 2) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

/** One card per token, twelve to a page, with dashed cutting lines. */
export async function renderTokenSheet(input: TokenSheetInput): Promise<Buffer> {
  const fonts = await loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    autoFirstPage: false,
    pdfVersion: "1.7",
    lang: "zh-CN",
    info: { Title: `满意度调查凭证 · ${input.projectTitle}`, Author: "三社联动服务采购平台", Subject: "满意度调查凭证", CreationDate: input.issuedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);

  const origin = input.origin.replace(/\/+$/, "");
  const cardWidth = (PAGE.width - 2 * PAGE.margin) / COLUMNS;
  const cardHeight = (PAGE.height - 2 * PAGE.margin - 24) / ROWS;
  const perPage = COLUMNS * ROWS;
  const pages = Math.ceil(input.tokens.length / perPage);

  input.tokens.forEach((token, index) => {
    const onPage = index % perPage;
    if (onPage === 0) {
      doc.addPage();
      doc
        .font(FONT.regular)
        .fontSize(8)
        .fillColor("#555555")
        .text(`${input.communityName} · ${input.projectTitle} · 第 ${index / perPage + 1} 页 / 共 ${pages} 页`, PAGE.margin, PAGE.margin - 18, {
          width: PAGE.width - 2 * PAGE.margin,
          align: "center",
          lineBreak: false,
          ellipsis: true,
        });
    }
    const col = onPage % COLUMNS;
    const row = Math.floor(onPage / COLUMNS);
    const x = PAGE.margin + col * cardWidth;
    const y = PAGE.margin + 6 + row * cardHeight;
    doc.save().dash(3, { space: 3 }).lineWidth(0.5).strokeColor("#999999").rect(x, y, cardWidth, cardHeight).stroke().undash().restore();

    const inner = cardWidth - 16;
    doc.font(FONT.bold).fontSize(10.5).fillColor("#1a1a1a").text("服务对象满意度调查", x + 8, y + 7, { width: inner, align: "center", lineBreak: false });
    doc
      .font(FONT.regular)
      .fontSize(7.5)
      .fillColor("#555555")
      .text(input.projectTitle, x + 8, y + 21, { width: inner, align: "center", lineBreak: false, ellipsis: true });
    drawQr(doc, `${origin}/survey/${token.code}`, x + (cardWidth - QR_SIZE) / 2, y + 34, QR_SIZE);
    doc
      .font(FONT.regular)
      .fontSize(7.5)
      .fillColor("#1a1a1a")
      .text("调查码", x + 8, y + 34 + QR_SIZE + 2, { width: inner, align: "center", lineBreak: false });
    doc
      .font(FONT.bold)
      .fontSize(15)
      .text(formatCode(token.code), x + 8, y + 34 + QR_SIZE + 11, { width: inner, align: "center", characterSpacing: 1, lineBreak: false });
    const line = (text: string, offset: number) =>
      doc.text(text, x + 6, y + 34 + QR_SIZE + offset, { width: cardWidth - 12, align: "center", height: 9, ellipsis: true });
    doc.font(FONT.regular).fontSize(6.5).fillColor("#555555");
    line("扫码作答；没有智能手机可访问以下网址输入调查码", 29);
    line(`${origin}/survey`, 38);
    line(`匿名作答 · 每码限用一次 · 有效期至 ${chineseDate(token.expiresOn)}`, 47);
  });
  if (input.tokens.length === 0) doc.addPage();
  doc.end();
  return done;
}
