// Staff review of content WeChat's check flagged: who may decide, what is still open on a case
// (worked out from its timeline), and the words of the confirmation dialogs.

// The server's reviewers (cases/auth.py REVIEWER_ROLES): officers, and the 村警 in their own
// village (the server keeps each to their area). 联户长 see cases but do not review.
const REVIEWER_ROLES = ['area_officer', 'auxiliary_officer', 'duty_room', 'chief', 'village_police']

const REVIEW_STATUSES = {
  pending: '检查中',
  passed: '已通过',
  flagged: '待审核',
  upheld: '已审核，有内容不予公开',
  not_required: '无需检查',
}

const MEDIA_WORDS = { image: '照片', voice: '语音' }

function isReviewer(roles) {
  return (roles || []).some((r) => REVIEWER_ROLES.includes(r.role || r))
}

// The flagged items no person has decided on yet: the case's text (a content_flagged event
// without media_id, and no content_reviewed without one), and each attachment flagged and not
// yet reviewed. Only while the case is flagged.
function openItems(c) {
  if (!c || c.review_status !== 'flagged') return []
  const timeline = c.timeline || []
  const flagged = timeline.filter((e) => e.type === 'content_flagged')
  const reviewed = timeline.filter((e) => e.type === 'content_reviewed')
  const decided = new Set(reviewed.map((e) => (e.payload && e.payload.media_id) || ''))
  const media = {}
  ;(c.media || []).forEach((m) => (media[m.id] = m))
  const items = []
  const seen = new Set()
  flagged.forEach((e) => {
    const mediaId = (e.payload && e.payload.media_id) || ''
    if (seen.has(mediaId) || decided.has(mediaId)) return
    seen.add(mediaId)
    items.push(mediaId ? mediaItem(mediaId, media[mediaId]) : textItem(c))
  })
  // The text first, then the attachments in the order they were flagged.
  return items.sort((a, b) => (a.mediaId ? 1 : 0) - (b.mediaId ? 1 : 0))
}

function textItem(c) {
  return { key: 'text', mediaId: '', kind: 'text', what: '这段文字', label: '上报的文字', preview: c.text || '', url: '' }
}

function mediaItem(id, m) {
  const kind = (m && m.kind) || 'image'
  const word = MEDIA_WORDS[kind] || '附件'
  const seconds = m && m.duration_ms ? `${Math.round(m.duration_ms / 1000)} 秒` : ''
  return {
    key: id,
    mediaId: id,
    kind,
    what: kind === 'voice' ? '这段语音' : `这张${word}`,
    label: `上传的${word}`,
    preview: kind === 'voice' ? `语音 ${seconds}`.trim() : '',
    url: (m && m.url) || '',
  }
}

// What the confirmation dialog says; plain words about who will see the item afterwards.
function confirmation(item, decision) {
  if (decision === 'pass') {
    return {
      title: '确认通过？',
      content: `通过后，所有能看到这件事的人都能看到${item.what}。`,
      confirmText: '通过',
    }
  }
  // The server withholds what was upheld, text or attachment: the sender and the reviewers
  // still see it, everyone else reads 此内容经审核不予公开 (cases/withheld.py).
  const content =
    item.kind === 'text'
      ? '不予公开后，这段文字只有上报人和民警、村警能看到，其他人看不到，上报人会收到说明。这件事照常办理。'
      : `不予公开后，${item.what}只有上传人和民警、村警能看到，其他人看不到。这件事照常办理。`
  return { title: '确认不予公开？', content, confirmText: '不予公开' }
}

function decisionText(payload) {
  if (!payload || !payload.decision) return ''
  const what = payload.media_id ? '附件' : '文字'
  const verdict = payload.decision === 'pass' ? '通过' : '不予公开'
  return `${what}：${verdict}${payload.note ? `（${payload.note}）` : ''}`
}

module.exports = {
  REVIEWER_ROLES,
  isReviewer,
  openItems,
  confirmation,
  decisionText,
  statusName: (s) => REVIEW_STATUSES[s] || '',
}
