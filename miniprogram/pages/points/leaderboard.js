// 光荣榜: this quarter's or this year's top earners of my village, per micro-grid (my own first),
// names as the server gives them (masked for villagers but their own; whole for staff). Staff
// over several villages pick one; staff may open the A4 PDF to print for the notice board.
const api = require('../../utils/api.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

const PERIODS = [
  { value: 'quarter', name: '本季度' },
  { value: 'year', name: '本年度' },
]
const BOARD_LEVELS = ['station', 'township', 'village', 'grid', 'micro_grid']

// My group first, then those with names on them in the server's order; the empty ones counted.
function groupsOf(board) {
  const groups = board.groups.map((g) => ({
    id: g.area.id,
    name: g.area.name,
    mine: g.entries.some((e) => e.is_me),
    entries: g.entries.map((e) => ({ key: `${g.area.id}-${e.rank}-${e.name}`, rank: e.rank, name: e.name, points: e.points, me: e.is_me, top: e.rank <= 3 })),
  }))
  const shown = groups.filter((g) => g.entries.length)
  shown.sort((a, b) => (b.mine ? 1 : 0) - (a.mine ? 1 : 0))
  return { shown, empty: groups.length - shown.length }
}

function areasOf(roles) {
  const seen = {}
  return roles
    .filter((r) => points.DESK_ROLES.concat(['admin', 'duty_room']).includes(r.role) && BOARD_LEVELS.includes(r.area.level))
    .map((r) => ({ id: r.area.id, name: r.area.name }))
    .filter((a) => (seen[a.id] ? false : (seen[a.id] = true)))
}

Component({
  behaviors: [pageBehavior],
  data: {
    periods: PERIODS,
    period: 'quarter',
    staff: false,
    areas: [],
    areaId: '',
    label: '',
    area: '',
    byVillage: false,
    groups: [],
    empty: 0,
    loaded: false,
    printing: false,
  },
  methods: {
    async onLoad(options = {}) {
      const person = api.person() || {}
      if (person.is_staff) await this.loadAreas()
      this.setData({ period: options.period === 'year' ? 'year' : 'quarter', staff: !!person.is_staff })
      await this.load()
    },
    async loadAreas() {
      try {
        const me = await api.get('/api/v1/me', null, { quiet: true })
        const areas = areasOf(me.roles)
        this.setData({ areas: areas.length > 1 ? areas : [], areaId: areas.length > 1 ? areas[0].id : '' })
      } catch (err) {
        // the server's own default area then
      }
    },
    query() {
      return { period: this.data.period, area_id: this.data.areaId }
    },
    async load() {
      try {
        const board = await api.get('/api/v1/points/leaderboard', this.query())
        const { shown, empty } = groupsOf(board)
        this.setData({
          loaded: true,
          label: board.label,
          area: board.area.name,
          byVillage: board.grouped_by === 'village',
          groups: shown,
          empty,
        })
      } catch (err) {
        this.setData({ loaded: true, groups: [], empty: 0 })
      }
    },
    pickPeriod(e) {
      this.setData({ period: e.currentTarget.dataset.value })
      return this.load()
    },
    pickArea(e) {
      this.setData({ areaId: e.currentTarget.dataset.id })
      return this.load()
    },
    // The A4 sheet for the village notice board (staff): downloaded, then opened to print.
    async print() {
      if (this.data.printing) return null
      this.setData({ printing: true })
      const q = this.query()
      const path = `/api/v1/points/leaderboard.pdf?period=${q.period}${q.area_id ? '&area_id=' + q.area_id : ''}`
      try {
        const file = await api.download(path)
        wx.openDocument({ filePath: file, fileType: 'pdf', showMenu: true })
      } catch (err) {
        // shown by api
      }
      this.setData({ printing: false })
      return null
    },
  },
})
