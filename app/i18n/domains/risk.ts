export const riskZh = {
  "nav.risk": "风险提示",

  "risk.title": "风险提示",
  "risk.intro": "参照乌克兰 ProZorro 监测做法，自动标出值得再看一眼的采购项目。提示只供监督参考，不改变也不阻止任何程序。",
  "risk.scopeOwn": "范围：本局的采购项目。",
  "risk.scopeAll": "范围：所有区民政局的采购项目。",
  "risk.none": "目前没有此类提示。",
  "risk.count": "{count} 条",
  "risk.rule": "规则：",
  "risk.col.subject": "对象",
  "risk.col.district": "区",
  "risk.col.detail": "情况",
  "risk.col.date": "日期",

  "risk.kind.singleValidBid": "只有一家有效投标",
  "risk.rule.singleValidBid": "开标时只有一家有效投标的项目。公开招标因此废标（政府采购法第三十六条）；磋商或创投即使继续，也缺乏竞争。",
  "risk.detail.singleValidBid": "{method}，开标时仅一家有效投标；{outcome}",
  "risk.outcome.unsuccessful": "项目已废标。",
  "risk.outcome.continued": "项目继续进行。",

  "risk.kind.minimumBidPeriod": "投标期按法定最短期限",
  "risk.rule.minimumBidPeriod": "投标截止时间距发布不足法定最短期限加 1 天（公开招标 20 天，财政部令第87号第十八条；竞争性磋商和公益创投 10 天）。合法，但留给社会组织准备的时间最少，容易有利于事先知情者。",
  "risk.detail.minimumBidPeriod": "{method}，投标期 {days} 天（法定最短 {minimum} 天）",

  "risk.kind.lowPriceAward": "成交价远低于其他报价",
  "risk.rule.lowPriceAward": "成交报价比其他有效投标报价的平均值低 20% 及以上（不含公益创投，其各方案不可比）。财政部令第87号第六十条要求评标委员会对明显低于其他报价、可能影响服务质量或诚信履约的报价要求书面说明，但未规定比例，20% 为本平台默认阈值。社会服务的成本主要是社工人员费用，过低报价常意味着人员少于方案承诺。",
  "risk.detail.lowPriceAward": "{organization} 以 {price} 成交，比其他有效报价平均值 {mean} 低 {below}%",

  "risk.kind.dominantWinner": "一家组织拿走一个区的大部分资金",
  "risk.rule.dominantWinner": "某社会组织在一年内中标金额超过该区民政局当年成交总额的一半（该区当年至少有 2 个成交结果时才判断，只有一个成交时必然是 100%）。资金过度集中是市场被少数机构把持的常见迹象。",
  "risk.detail.dominantWinner": "{year} 年中标 {won} 项共 {amount}，占该区当年成交总额 {total} 的 {share}%（当年共 {awards} 项成交）",

  "risk.kind.overdueChallengeAnswer": "质疑答复逾期",
  "risk.rule.overdueChallengeAnswer": "质疑已超过答复期限（收到质疑后 7 个工作日，政府采购法第五十三条）仍未答复。",
  "risk.detail.overdueChallengeAnswer": "答复期限 {due}，已逾期 {days} 天",

  "risk.kind.overdueMilestone": "里程碑逾期",
  "risk.rule.overdueMilestone": "履行中的合同，里程碑已过约定日期仍未通过验收（未提交进度报告，或报告尚未被接受）。拨付随之推迟，服务可能没有按计划开展。",
  "risk.detail.overdueMilestone": "{organization}的“{milestone}”应于 {due} 完成，已逾期 {days} 天（{status}）",
  "risk.milestoneStatus.pending": "未提交报告",
  "risk.milestoneStatus.submitted": "报告待验收",
  "risk.milestoneStatus.returned": "报告被退回修改",
  "risk.milestoneStatus.accepted": "已验收",

  "risk.kind.lowSurveyConfidence": "满意度调查答卷不足",
  "risk.rule.lowSurveyConfidence": "已评定等级的项目，其服务对象满意度只有不足 30 份答卷。样本太少，满意度得分（以及据此算出的综合等级）可信度低。",
  "risk.detail.lowSurveyConfidence": "评定为{grade}，满意度仅 {responses} 份答卷（至少应有 {minimum} 份）",
} as const;

export const riskEn: Record<keyof typeof riskZh, string> = {
  "nav.risk": "Risk flags",

  "risk.title": "Risk flags",
  "risk.intro": "Tenders that deserve a second look, flagged automatically in the manner of Ukraine's ProZorro monitoring. A flag informs oversight; it never changes or stops a procedure.",
  "risk.scopeOwn": "Scope: your bureau's tenders.",
  "risk.scopeAll": "Scope: the tenders of every district bureau.",
  "risk.none": "No flags of this kind.",
  "risk.count": "{count}",
  "risk.rule": "Rule: ",
  "risk.col.subject": "Subject",
  "risk.col.district": "District",
  "risk.col.detail": "What was found",
  "risk.col.date": "Date",

  "risk.kind.singleValidBid": "Single valid bid",
  "risk.rule.singleValidBid": "Tenders whose opening found only one valid bid. An open tender fails for it (Government Procurement Law art. 36); a consultation or venture call that goes on has no competition.",
  "risk.detail.singleValidBid": "{method}, one valid bid at the opening; {outcome}",
  "risk.outcome.unsuccessful": "the tender ended unsuccessful.",
  "risk.outcome.continued": "the tender went on.",

  "risk.kind.minimumBidPeriod": "Bid period at the legal minimum",
  "risk.rule.minimumBidPeriod": "The bid deadline is less than the legal minimum plus one day after publication (20 days for an open tender, MOF Order 87 art. 18; 10 for a competitive consultation or venture call). Lawful, but it leaves organizations the least time to prepare, which favours those who knew in advance.",
  "risk.detail.minimumBidPeriod": "{method}, bid period {days} days (legal minimum {minimum})",

  "risk.kind.lowPriceAward": "Award far below the other prices",
  "risk.rule.lowPriceAward": "The awarded price is 20% or more below the mean of the other valid bids (venture calls excluded: their proposals do not compare). MOF Order 87 art. 60 requires the committee to ask for a written explanation of a price obviously lower than the others that may endanger the service or honest performance, without setting a number; 20% is this portal's default. The cost of a social service is mostly its social workers' pay, so a very low price often means fewer staff than the plan promises.",
  "risk.detail.lowPriceAward": "{organization} won at {price}, {below}% below the mean of the other valid bids ({mean})",

  "risk.kind.dominantWinner": "One organization winning most of a district's money",
  "risk.rule.dominantWinner": "An organization won more than half of the money a district's bureau awarded in a year (judged once the district has at least 2 awards that year: a single award is always 100%). Money this concentrated is a common sign of a market held by few.",
  "risk.detail.dominantWinner": "In {year}, won {won} awards worth {amount}: {share}% of the {total} the district awarded ({awards} awards)",

  "risk.kind.overdueChallengeAnswer": "Challenge answer overdue",
  "risk.rule.overdueChallengeAnswer": "A challenge still unanswered after its due date (7 working days after it was received, Government Procurement Law art. 53).",
  "risk.detail.overdueChallengeAnswer": "Answer due {due}, {days} days overdue",

  "risk.kind.overdueMilestone": "Overdue milestone",
  "risk.rule.overdueMilestone": "A milestone of a contract in force past its due date and not accepted (no progress report, or the report not accepted yet). Its payment waits, and the service may not be running as planned.",
  "risk.detail.overdueMilestone": "{organization}: \"{milestone}\" was due {due}, {days} days overdue ({status})",
  "risk.milestoneStatus.pending": "no report",
  "risk.milestoneStatus.submitted": "report awaiting acceptance",
  "risk.milestoneStatus.returned": "report returned for revision",
  "risk.milestoneStatus.accepted": "accepted",

  "risk.kind.lowSurveyConfidence": "Low survey confidence",
  "risk.rule.lowSurveyConfidence": "A graded project whose satisfaction score rests on fewer than 30 survey answers. So small a sample makes the satisfaction score, and the grade computed from it, unreliable.",
  "risk.detail.lowSurveyConfidence": "Graded {grade} on only {responses} survey answers (at least {minimum} are needed)",
};
