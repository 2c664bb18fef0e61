/**
 * Tender notices are rendered once per version of their data: a second download of the same
 * notice is the same document, served from the process's cache, and an amendment (new data)
 * yields a new document at once — never a stale one.
 */
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { tenderNoticePdf } from "~/modules/tenders/tender-notice.server";
import { amendTender } from "~/modules/tenders/tenders.server";
import { useDemoData } from "../helpers/demo";
import { publishedTender, purchaser } from "../helpers/procurement";

useDemoData();

describe("the tender notice PDF cache", () => {
  it("serves the same rendering for the same data and a new one after an amendment", async () => {
    const buyer = await purchaser("jinshui", 1_000_000);
    const tender = await publishedTender(buyer);
    const first = await tenderNoticePdf(db, tender.id);
    const again = await tenderNoticePdf(db, tender.id);
    expect(first.pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(again.pdf).toBe(first.pdf);

    await amendTender(db, buyer.officer, tender.id, { changes: "补充服务社区名单", reason: "答疑后补充", affectsBids: false });
    const amended = await tenderNoticePdf(db, tender.id);
    expect(amended.pdf).not.toBe(first.pdf);
    expect(amended.pdf.equals(first.pdf)).toBe(false);
    expect(amended.pdf.length).toBeGreaterThan(first.pdf.length);
  });
});
