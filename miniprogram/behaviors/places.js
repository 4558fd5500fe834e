// Choosing where: from the areas one works on (GET /areas) down to the level the page needs — a
// micro-grid for a visit's households, a village for the roster. A level with a single choice is
// passed through without a tap, and a village's grids are opened together so that a 村警 sees
// its micro-grids at once (one tap). The page defines placeChosen(area); `place` is the choice.
const api = require('../utils/api.js')

const LEVELS = ['station', 'township', 'village', 'grid', 'micro_grid']

function depth(area) {
  return LEVELS.indexOf(area.level)
}

const NUMERALS = '一二三四五六七八九十'

// The order people count them in: 第2微网格 before 第10微网格, 第二网格 before 第三网格.
function orderOf(name) {
  const digits = name.match(/\d+/)
  if (digits) return Number(digits[0])
  const han = name.match(/[一二三四五六七八九十]+/)
  if (!han) return 0
  return han[0].split('').reduce((n, c) => (c === '十' ? (n || 1) * 10 : n + NUMERALS.indexOf(c) + 1), 0)
}

function brief(a, parent) {
  // Under 大墅村, 大墅村第1微网格 is 第1微网格.
  const short = parent && a.name.startsWith(parent.name) && a.name !== parent.name ? a.name.slice(parent.name.length) : a.name
  return { id: a.id, name: a.name, short, level: a.level, households: a.household_count || 0 }
}

// The areas under `area`, named short against `namer` (the village, for its micro-grids).
function children(area, namer = area) {
  return api
    .get('/api/v1/areas', { parent_id: area.id })
    .then((list) => list.map((a) => brief(a, namer)).sort((x, y) => orderOf(x.name) - orderOf(y.name)))
}

module.exports = Behavior({
  // placeGroups: the same choices under their grid's name, when a village's grids were opened.
  data: { placeChoices: [], placeGroups: [], place: null, placeCanGoBack: false },
  methods: {
    async startPlaces(target) {
      this.placeTarget = LEVELS.indexOf(target)
      this.placeStack = []
      try {
        await this.offerPlaces((await api.get('/api/v1/areas')).map((a) => brief(a, null)), null)
      } catch (err) {
        // the reason was shown by api
      }
    },
    async offerPlaces(list, parent) {
      if (list.length === 1) {
        const only = list[0]
        return depth(only) >= this.placeTarget ? this.choosePlace(only, false) : this.openPlace(only)
      }
      let groups = []
      // The micro-grids of every grid of a village at once, under their grid's name.
      if (this.placeTarget === depth({ level: 'micro_grid' }) && list.length && list.every((a) => a.level === 'grid')) {
        const all = await Promise.all(list.map((g) => children(g, parent || g)))
        groups = list.map((g, i) => ({ id: g.id, name: g.short, items: all[i] }))
        list = [].concat(...all)
      }
      const offer = { list, groups }
      this.placeStack.push(offer)
      this.showOffer(offer)
      return null
    },
    showOffer(offer) {
      this.setData({ placeChoices: offer.list, placeGroups: offer.groups, place: null, placeCanGoBack: this.placeStack.length > 1 })
    },
    async openPlace(area) {
      try {
        await this.offerPlaces(await children(area), area)
      } catch (err) {
        // the reason was shown by api
      }
    },
    pickPlace(e) {
      const area = this.data.placeChoices.find((a) => a.id === e.currentTarget.dataset.id)
      if (!area) return null
      return depth(area) >= this.placeTarget ? this.choosePlace(area, true) : this.openPlace(area)
    },
    choosePlace(area, chosen) {
      // Only a place someone picked among several can be changed.
      this.setData({ place: Object.assign({ changeable: !!chosen }, area), placeChoices: [], placeGroups: [] })
      return this.placeChosen(area)
    },
    // 换一个: back to the list the place was picked from (or the one above it).
    changePlace() {
      this.showOffer(this.placeStack[this.placeStack.length - 1] || { list: [], groups: [] })
      if (this.placeForgotten) this.placeForgotten()
    },
    placeBack() {
      if (this.placeStack.length > 1) this.placeStack.pop()
      this.changePlace()
    },
  },
})
