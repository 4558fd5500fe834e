// 纵横斜 名册: a village's people by axis — 纵 the village cadres, group heads, grid workers and
// mediators; 横 the township's workers in the village (护林员, 清洁员, 管水员, 电力员, 村医 …) —
// and 斜 its cameras. Tap a person: a confirmation naming them, then the full number from the
// audited phone read, handed to wx.makePhoneCall. Numbers on the page stay masked.
const api = require('../../utils/api.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')
const placesBehavior = require('../../behaviors/places.js')

const AXES = [
  { value: 'vertical', key: '纵', name: '村干部' },
  { value: 'horizontal', key: '横', name: '驻村人员' },
  { value: 'cameras', key: '斜', name: '摄像头' },
]

function person(m) {
  return { id: m.id, name: m.name, label: m.label, duty: m.duty_area, phone: m.phone || '', wechat: m.on_wechat }
}

function camera(c) {
  return {
    id: c.id,
    place: c.place,
    kind: c.kind_name,
    owner: c.owner,
    coverage: c.coverage,
    contact: c.contact_name || '',
    phone: c.contact_phone || '',
  }
}

Component({
  behaviors: [pageBehavior, placesBehavior],
  data: { axes: AXES, axis: 'vertical', village: '', vertical: [], horizontal: [], cameras: [], loaded: false },
  methods: {
    async onLoad(options = {}) {
      if (options.area_id) return this.placeChosen({ id: options.area_id })
      return this.startPlaces('village')
    },
    async placeChosen(area) {
      try {
        const r = await api.get(`/api/v1/areas/${area.id}/roster`)
        this.setData({
          village: r.village.name,
          vertical: r.vertical.map(person),
          horizontal: r.horizontal.map(person),
          cameras: r.cameras.map(camera),
          loaded: true,
        })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    placeForgotten() {
      this.setData({ village: '', vertical: [], horizontal: [], cameras: [], loaded: false })
    },
    pickAxis(e) {
      this.setData({ axis: e.currentTarget.dataset.value })
    },
    callMember(e) {
      const id = e.currentTarget.dataset.id
      const m = this.data.vertical.concat(this.data.horizontal).find((x) => x.id === id)
      return gov.call(`${m.label}${m.name}`, `/api/v1/roster-members/${id}/phone`)
    },
    callCamera(e) {
      const c = this.data.cameras.find((x) => x.id === e.currentTarget.dataset.id)
      return gov.call(`${c.place}摄像头的联系人${c.contact}`, `/api/v1/cameras/${c.id}/phone`)
    },
  },
})
