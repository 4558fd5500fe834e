// Words and times as the villager reads them.
const CASE_KINDS = {
  alarm: '报警',
  clue: '线索',
  hazard: '隐患',
  dispute: '纠纷',
  sentiment: '社情民意',
  help: '求助',
  consult: '咨询',
}

const CASE_STATUSES = {
  new: '已上报',
  assigned: '待接单',
  accepted: '已接单',
  on_site: '已到场',
  resolved: '已办结',
  closed: '已关闭',
}

// Used only when the server sends no type_name.
const ACTIONS = {
  accept: '接单',
  arrive: '到场',
  feedback: '反馈',
  answer: '答复',
  escalate: '上报',
  resolve: '办结',
  comment: '备注',
  revisit: '回访',
  rate: '评价',
  reopen: '重新办理',
  close: '关闭',
}

const MEMBERSHIP_STATUSES = {
  pending: '等待联户长审核',
  active: '已加入',
  rejected: '未通过',
  left: '已退出',
  removed: '已移出',
}

const PETITION_STATUSES = {
  open: '待阅处',
  assigned: '已交办',
  answered: '已答复',
  closed: '已办结',
}

function pad(n) {
  return n < 10 ? `0${n}` : `${n}`
}

// "11月28日 17:56" in China time, whatever the phone's zone.
function when(iso) {
  if (!iso) return ''
  const t = new Date(new Date(iso).getTime() + 8 * 3600 * 1000)
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

function label(table, key) {
  return table[key] || key || ''
}

module.exports = {
  CASE_KINDS,
  CASE_STATUSES,
  ACTIONS,
  MEMBERSHIP_STATUSES,
  PETITION_STATUSES,
  when,
  label,
  caseKind: (k) => label(CASE_KINDS, k),
  caseStatus: (s) => label(CASE_STATUSES, s),
  action: (a) => label(ACTIONS, a),
}
