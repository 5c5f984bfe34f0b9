/** zh-CN message templates of the nine-table rules. Parameters are display strings. */

export interface RelationParams {
  left: string;
  leftValue: string;
  right: string;
  rightValue: string;
  diff: string;
  tolerance: string;
}

export const zhCN = {
  unit: '万元',
  notEqual: (p: RelationParams) => `${p.left} ${p.leftValue} ≠ ${p.right} ${p.rightValue}（差 ${p.diff} 万元）`,
  roundingEqual: (p: RelationParams) =>
    `${p.left} ${p.leftValue} 与 ${p.right} ${p.rightValue} 相差 ${p.diff} 万元，在四舍五入允许范围（±${p.tolerance}）内，属取整差异`,
  exceeds: (p: RelationParams) => `${p.left} ${p.leftValue} 大于 ${p.right} ${p.rightValue}（超出 ${p.diff} 万元）`,
  roundingExceeds: (p: RelationParams) =>
    `${p.left} ${p.leftValue} 比 ${p.right} ${p.rightValue} 多 ${p.diff} 万元，在四舍五入允许范围（±${p.tolerance}）内，属取整差异`,
  overBudget: (item: string, actual: string, budget: string, diff: string) =>
    `三公经费 ${item} 决算数 ${actual} 超过预算数 ${budget}（超出 ${diff} 万元）`,
  negative: (where: string, value: string) => `${where} 为负数 ${value}，请确认`,
  duplicateCode: (table: string, code: string, rows: string) => `${table} 科目编码 ${code} 重复出现（第 ${rows} 行）`,
  orphan: (table: string, code: string, missing: string) => `${table} 科目 ${code} 的上级科目 ${missing} 不在表中`,
  missingTable: (name: string) => `缺少${name}：工作簿中没有找到这张表（按标题识别）`,
  noDataNoteMissing: (name: string, col: string) =>
    `财政拨款收入支出决算总表“${col}”一栏为 0，${name}应注明“本单位无…收入、支出，故本表无数据”`,
  unstatedTotal: (table: string, col: string, text: string, at: string) =>
    `${table} 合计行“${col}”一栏（${at}）写的是表头文字“${text}”而不是金额：本表未填列该合计数，无法核对，请填写`,
  maybeOnSheets: (names: string) => `；未识别的工作表${names}可能就是它（标题不符），可在任务窗格中指定`,
  unrecognizedSheets: (names: string) => `以下工作表不是九张决算报表，未校验：${names}`,
};
