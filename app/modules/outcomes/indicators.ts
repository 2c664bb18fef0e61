/**
 * The outcome-indicator template (绩效评估指标, DESIGN §4.8): dimensions with sub-indicators,
 * each with its max points and scoring guidance; the points sum to 100. Every new tender starts
 * with the default below; the bureau may change it until the tender is published.
 */

export interface IndicatorSpec {
  dimension: string;
  name: string;
  maxPoints: number;
  guidance: string;
}

export const INDICATOR_TOTAL_POINTS = 100;

/** Project management 20, delivery against contracted indicators 30, outcomes and impact 30, financial management 20. */
export const DEFAULT_INDICATORS: readonly IndicatorSpec[] = [
  { dimension: "项目管理", name: "项目组织与团队配置", maxPoints: 6, guidance: "项目负责人和持证社工按投标承诺到岗，分工明确；人员变动经购买方同意。" },
  { dimension: "项目管理", name: "制度与流程执行", maxPoints: 5, guidance: "服务流程、档案管理、安全与保密制度健全并得到执行。" },
  { dimension: "项目管理", name: "进度管理", maxPoints: 5, guidance: "按合同里程碑推进，进度报告按时提交、内容真实完整。" },
  { dimension: "项目管理", name: "沟通协调", maxPoints: 4, guidance: "与民政局、社区和服务对象沟通顺畅，问题和投诉及时回应。" },
  { dimension: "服务交付", name: "服务人次完成率", maxPoints: 12, guidance: "实际服务人次 ÷ 合同约定人次；达到 100% 得满分，不足按比例得分。" },
  { dimension: "服务交付", name: "活动场次完成率", maxPoints: 10, guidance: "实际开展活动场次 ÷ 合同约定场次；达到 100% 得满分，不足按比例得分。" },
  { dimension: "服务交付", name: "志愿服务时长", maxPoints: 4, guidance: "实际志愿服务小时数 ÷ 投标承诺小时数，按比例得分。" },
  { dimension: "服务交付", name: "服务规范与记录", maxPoints: 4, guidance: "服务记录、签到、个案档案完整，符合行业服务标准。" },
  { dimension: "成果与影响", name: "服务目标达成", maxPoints: 12, guidance: "项目目标是否达成，有服务前后对比的证据（测评、走访记录）。" },
  { dimension: "成果与影响", name: "服务对象改变", maxPoints: 10, guidance: "服务对象在生活质量、能力、社会参与等方面的改善，以访谈和案例为证。" },
  { dimension: "成果与影响", name: "社区参与与可持续性", maxPoints: 8, guidance: "链接社区资源、培育志愿者和居民骨干，项目结束后有可持续的安排。" },
  { dimension: "财务管理", name: "预算执行", maxPoints: 6, guidance: "支出与投标预算明细一致，执行率合理，调整经购买方同意。" },
  { dimension: "财务管理", name: "资金使用合规", maxPoints: 8, guidance: "专款专用，票据齐全，无超范围或违规支出。" },
  { dimension: "财务管理", name: "财务制度与核算", maxPoints: 6, guidance: "项目资金独立核算，账目清晰，按时报送财务资料。" },
];

/** The points per dimension, in the order the dimensions first appear. */
export function dimensionTotals(indicators: readonly Pick<IndicatorSpec, "dimension" | "maxPoints">[]): { dimension: string; maxPoints: number }[] {
  const totals = new Map<string, number>();
  for (const i of indicators) totals.set(i.dimension, (totals.get(i.dimension) ?? 0) + i.maxPoints);
  return [...totals].map(([dimension, maxPoints]) => ({ dimension, maxPoints }));
}

export function totalPoints(indicators: readonly Pick<IndicatorSpec, "maxPoints">[]): number {
  return indicators.reduce((sum, i) => sum + i.maxPoints, 0);
}
