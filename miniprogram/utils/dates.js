// Days and times as the station works them: China time (UTC+8, no summer time), whatever the
// phone's own zone. Dates are 'YYYY-MM-DD' strings, as the API takes them.
const WEEKDAYS = '日一二三四五六'
const CHINA_MS = 8 * 3600 * 1000
const DAY_MS = 86400000

function chinaDay(nowMs, offset = 0) {
  return new Date(nowMs + CHINA_MS + offset * DAY_MS).toISOString().slice(0, 10)
}

// [{value: '2026-12-01', name: '明天 12/1'}, …] for `count` days from `from` days ahead.
function nextDays(nowMs, count = 7, from = 0) {
  const days = []
  for (let i = from; i < from + count; i += 1) {
    const t = new Date(nowMs + CHINA_MS + i * DAY_MS)
    const name = i === 0 ? '今天' : i === 1 ? '明天' : i === 2 ? '后天' : `周${WEEKDAYS[t.getUTCDay()]}`
    days.push({ value: t.toISOString().slice(0, 10), name: `${name} ${t.getUTCMonth() + 1}/${t.getUTCDate()}` })
  }
  return days
}

// '2026-12-01', '09:30' → '2026-12-01T09:30:00+08:00' (an ISO time the server reads as aware).
function at(day, time) {
  return `${day}T${time}:00+08:00`
}

// The last second of that day in China: a deadline "by 12月1日" means the whole day.
function endOf(day) {
  return at(day, '23:59').replace(':00+08:00', ':59+08:00')
}

// '2026-12-01' → '12月1日'
function dayName(day) {
  const [, m, d] = day.split('-')
  return `${Number(m)}月${Number(d)}日`
}

module.exports = { chinaDay, nextDays, at, endOf, dayName }
