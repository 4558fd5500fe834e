// What the governance pages (走访, 隐患, 纠纷, 社情民意, 名册, 五件事) share: the deadline choices, a
// record's photos and voice split for the page, its trail as lines, a confirmation that answers
// a promise, and "tap a person → confirm → the audited full number → dial".
const api = require('./api.js')
const dates = require('./dates.js')
const format = require('./format.js')

// Those who record visits, hazards, disputes and 社情民意 (the server's RECORDER_ROLES).
const RECORDER_ROLES = ['group_leader', 'village_police', 'auxiliary_officer', 'area_officer', 'chief', 'admin']
// …and those of them who decide (grade, 告知整改, 验收, 交办, 销号).
const HANDLER_ROLES = RECORDER_ROLES.filter((r) => r !== 'group_leader')
// Who goes out on visits: the 联户长, the 村警, 辅警 and 民警.
const VISITOR_ROLES = ['group_leader', 'village_police', 'auxiliary_officer', 'area_officer']
// Whose 五件事 page opens: a 村警 their own; the chief, admin and area officers their 村警's.
const WORK_ROLES = ['village_police', 'area_officer', 'chief', 'admin']

const WITHIN = [3, 7, 15]
const GRADE_NAMES = { general: '一般', major: '较大', severe: '重大' }
// Events whose record sends no action_name (visits, 社情民意).
const ACTION_NAMES = { recorded: '登记', finding_added: '关联了后续', handled: '处理', officers_told: '通知防区民警' }

// [{value: '2026-12-05', name: '3天内'}, …] from today in China time (0 is 今天).
function deadlineChoices(nowMs = Date.now(), within = WITHIN) {
  return within.map((n) => ({ value: dates.chinaDay(nowMs, n), name: n ? `${n}天内` : '今天' }))
}

function mediaOf(record) {
  const media = record.media || []
  return {
    images: media.filter((m) => m.kind === 'image' && m.url).map((m) => ({ id: m.id, url: m.url, stage: m.stage || '' })),
    sounds: media
      .filter((m) => m.kind === 'voice' && m.url)
      .map((m) => ({ id: m.id, url: m.url, seconds: Math.round((m.duration_ms || 0) / 1000) })),
  }
}

// The words an event carries, whichever of them it has.
function eventText(d) {
  if (!d) return ''
  const parts = []
  if (d.responsible && d.responsible.name) parts.push(`责任人：${d.responsible.name}`)
  if (d.assignee && d.assignee.name) parts.push(`承办：${d.assignee.name}`)
  if (d.grade_to) parts.push(`等级：${GRADE_NAMES[d.grade_to] || d.grade_to}`)
  if (d.deadline_at) parts.push(`期限：${dates.dayName(dateOf(d.deadline_at))}`)
  ;['note', 'text', 'summary', 'agreed', 'agreement_text', 'advice'].forEach((k) => {
    if (typeof d[k] === 'string' && d[k]) parts.push(d[k])
  })
  if (d.reason_name || d.reason) parts.push(`原因：${d.reason_name || d.reason}`)
  return parts.join('；')
}

// 'YYYY-MM-DD' of an instant in China time.
function dateOf(iso) {
  return dates.chinaDay(new Date(iso).getTime())
}

function trailOf(events) {
  return (events || []).map((e) => ({
    seq: e.seq,
    what: e.action_name || ACTION_NAMES[e.action] || e.action,
    who: e.actor ? e.actor.name : '系统',
    text: eventText(e.detail),
    when: format.when(e.created_at),
  }))
}

function confirm({ title, content, confirmText = '确定' }) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText,
      cancelText: '再想想',
      success: (r) => resolve(!!r.confirm),
      fail: () => resolve(false),
    })
  })
}

// Tap to call: say whom, then read the full number (the server records that read) and dial it.
async function call(who, phonePath) {
  const ok = await confirm({ title: '打电话', content: `拨打${who}的电话吗？`, confirmText: '拨打' })
  if (!ok) return null
  try {
    const { phone } = await api.get(phonePath)
    wx.makePhoneCall({ phoneNumber: phone })
    return phone
  } catch (err) {
    return null // the reason was shown by api
  }
}

// The roles a person holds, and the areas they hold them on (GET /me).
async function whoAmI() {
  const me = await api.get('/api/v1/me')
  const roles = me.roles.map((r) => r.role)
  return {
    me,
    roles,
    has: (list) => roles.some((r) => list.includes(r)),
    areas: me.roles.filter((r) => RECORDER_ROLES.includes(r.role)).map((r) => ({ id: r.area.id, name: r.area.name, level: r.area.level })),
  }
}

// Addresses without what they all share up to the village: 淳安县大墅镇大墅村大墅自然村3号 among
// its neighbours reads 大墅自然村3号.
function shortAddresses(addresses) {
  if (addresses.length < 2) return addresses.slice()
  let common = addresses[0]
  addresses.forEach((a) => {
    while (!a.startsWith(common)) common = common.slice(0, -1)
  })
  const cut = common.indexOf('村') + 1
  return addresses.map((a) => (cut > 0 && a.length > cut ? a.slice(cut) : a))
}

function uniqueById(items) {
  const seen = {}
  return items.filter((i) => (seen[i.id] ? false : (seen[i.id] = true)))
}

module.exports = {
  RECORDER_ROLES,
  HANDLER_ROLES,
  VISITOR_ROLES,
  WORK_ROLES,
  GRADE_NAMES,
  deadlineChoices,
  mediaOf,
  trailOf,
  eventText,
  dateOf,
  confirm,
  call,
  whoAmI,
  uniqueById,
  shortAddresses,
}
