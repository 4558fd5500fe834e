// What the 积分 pages (我的积分, 申报, 兑换, 光荣榜, 审核, 核销, 考评) share: who may do what, points
// written the way people say them, a redemption as the page shows it, and images the server
// gives only to a logged-in caller (a code's QR) fetched to a local file.
const api = require('./api.js')
const format = require('./format.js')

// Who reviews claims (the server's claims REVIEWER_ROLES) and sits at the 警务室 counter to hand
// goods over: the village's 村警, the officers over it, the chief.
const DESK_ROLES = ['village_police', 'area_officer', 'auxiliary_officer', 'chief']
// The 村警 has a monthly sheet (考评); area officers, the chief and the admin read their 村警's.
// Who may compute, confirm, appeal or decide the sheets say themselves (can_*, may_appeal).
const EVALUATED_ROLES = ['village_police']
const EVALUATION_READERS = ['village_police', 'area_officer', 'chief', 'admin']
// The 村级治理中心's duty roster: read by the staff over a village; planned by the chief, the admin
// and the village's 村警 (the villages and who may plan there come from GET /duty-shifts/villages).
const DUTY_ROLES = ['village_police', 'area_officer', 'auxiliary_officer', 'chief', 'admin']

// +20 / −30 / 0
function signed(points) {
  if (points > 0) return `+${points}`
  if (points < 0) return `−${-points}`
  return '0'
}

// A sheet's score as read out: 60, 60.5 (the server counts in half points).
function score(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}

function entryOf(e) {
  return {
    id: e.id,
    name: e.name,
    reason: e.reason,
    points: signed(e.points),
    plus: e.points > 0,
    when: format.when(e.created_at),
  }
}

// "本月还可得 180 分（已得 20，上限 200）" for each kind that has a cap; kinds without one say so.
function kindLine(k) {
  if (k.cap === null || k.cap === undefined) return { key: k.event_kind, name: k.name, line: `已得 ${k.earned} 分，不限`, full: false }
  return { key: k.event_kind, name: k.name, line: `已得 ${k.earned} 分，还可得 ${k.left} 分`, full: k.left === 0 }
}

function redemptionOf(r) {
  return {
    id: r.id,
    reward: r.reward.name,
    points: r.points,
    status: r.status,
    statusName: r.status_name,
    held: r.status === 'held',
    code: r.code || '',
    codeShown: r.code_shown || '',
    qrPath: pathOf(r.code_png_url),
    qr: '',
    person: r.person ? r.person.name : '',
    household: r.household ? r.household.name : '',
    pool: r.pool === 'household' ? '全家的积分' : '自己的积分',
    when: format.when(r.created_at),
    fulfilledAt: format.when(r.fulfilled_at),
    fulfilledBy: r.fulfilled_by ? r.fulfilled_by.name : '',
  }
}

// The server names a code's QR by its full URL; the app reaches the server at config.baseUrl
// (a proxy may rewrite the host), so keep the path and let api.download add the base.
function pathOf(url) {
  if (!url) return ''
  const m = /^[a-z]+:\/\/[^/]+(\/.*)$/i.exec(url)
  return m ? m[1] : url
}

// A local file of an image only a logged-in caller may fetch ('' when it did not come).
async function localImage(path) {
  if (!path) return ''
  try {
    return await api.download(path, { quiet: true })
  } catch (err) {
    return ''
  }
}

function ask({ title, content, confirmText = '确定' }) {
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

// A dialog to type a reason into: the words, or null when cancelled.
function askText({ title, placeholder, confirmText = '确定' }) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      editable: true,
      placeholderText: placeholder,
      content: '',
      confirmText,
      cancelText: '取消',
      success: (r) => resolve(r.confirm ? (r.content || '').trim() : null),
      fail: () => resolve(null),
    })
  })
}

module.exports = {
  DESK_ROLES,
  EVALUATED_ROLES,
  EVALUATION_READERS,
  DUTY_ROLES,
  signed,
  score,
  entryOf,
  kindLine,
  redemptionOf,
  pathOf,
  localImage,
  ask,
  askText,
}
