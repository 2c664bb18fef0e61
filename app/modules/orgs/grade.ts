/** Evaluation grades of social organizations (社会组织评估等级, 民政部令第39号): valid for 5 years. */
export const GRADES = ["1A", "2A", "3A", "4A", "5A"] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_VALIDITY_YEARS = 5;

/** Award date + 5 years, as 'YYYY-MM-DD'; a 29 February award expires on 28 February. */
export function gradeExpiry(awardedOn: string): string {
  const [y, m, d] = awardedOn.split("-").map(Number);
  const year = y + GRADE_VALIDITY_YEARS;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

export interface GradeStatus {
  grade: Grade;
  awardedOn: string;
  expiresOn: string;
  expired: boolean;
}

/** The grade as it stands on `today` (Asia/Shanghai date); expired from the expiry date on. */
export function gradeStatus(grade: string | null, awardedOn: string | null, today: string): GradeStatus | null {
  if (!grade || !awardedOn || !(GRADES as readonly string[]).includes(grade)) return null;
  const expiresOn = gradeExpiry(awardedOn);
  return { grade: grade as Grade, awardedOn, expiresOn, expired: today >= expiresOn };
}
