// Home: who I am, my household, the four big buttons, the bulletin feed, and the way into the
// 联户长 / officer / chief work pages for those who hold those roles.
const api = require('../../utils/api.js')
const outbox = require('../../utils/outbox.js')
const config = require('../../config.js')
const format = require('../../utils/format.js')
const location = require('../../utils/location.js')
const media = require('../../utils/media.js')
const gov = require('../../utils/governance.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

const OFFICER_ROLES = ['village_police', 'area_officer', 'auxiliary_officer', 'duty_room', 'chief', 'admin']
const PUBLISH_ROLES = ['village_police', 'area_officer', 'chief', 'admin']
// Home visits go to them, and they may book on a villager's behalf (代办).
const FIELD_ROLES = ['village_police', 'area_officer', 'auxiliary_officer']

function homeSummary(memberships) {
  const active = memberships.find((m) => m.status === 'active')
  const pending = memberships.find((m) => m.status === 'pending')
  if (active) return { hasHome: true, homeLine: active.household.address, pendingHome: false }
  return { hasHome: false, homeLine: '', pendingHome: !!pending }
}

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    name: '',
    homeLine: '',
    hasHome: false,
    pendingHome: false,
    isLeader: false,
    isOfficer: false,
    isChief: false,
    canPublish: false,
    inField: false,
    canVisit: false,
    canRecord: false,
    canWork: false,
    earnsPoints: false,
    pointsDesk: false,
    canEvaluate: false,
    canDuty: false,
    roleLine: '',
    feed: [],
    openBulletin: '',
    unread: 0,
    alarmNotice: '',
  },
  methods: {
    async onLoad() {
      await this.refresh()
    },
    onShow() {
      if (!this.data.loading) this.refresh()
    },
    async refresh() {
      let me
      try {
        me = await api.get('/api/v1/me')
      } catch (err) {
        this.setData({ loading: false })
        return
      }
      const roles = me.roles.map((r) => r.role)
      this.setData(
        Object.assign(homeSummary(me.memberships), {
          loading: false,
          name: me.person.name,
          isLeader: roles.includes('group_leader'),
          isOfficer: roles.some((r) => OFFICER_ROLES.includes(r)),
          isChief: roles.includes('chief'),
          canPublish: roles.some((r) => PUBLISH_ROLES.includes(r)),
          inField: roles.some((r) => FIELD_ROLES.includes(r)),
          // 走访, 隐患, 纠纷 and the roster: those who record them; 五件事: a 村警 and those over them.
          canVisit: roles.some((r) => gov.VISITOR_ROLES.includes(r)),
          canRecord: roles.some((r) => gov.RECORDER_ROLES.includes(r)),
          canWork: roles.some((r) => gov.WORK_ROLES.includes(r)),
          // 积分 are for villagers and 联户长 (staff are evaluated instead: 考评); the desk reviews
          // claims and hands goods over at the 警务室.
          earnsPoints: !me.person.is_staff && (roles.includes('group_leader') || me.memberships.some((m) => m.status === 'active')),
          pointsDesk: roles.some((r) => points.DESK_ROLES.includes(r)),
          canEvaluate: roles.some((r) => points.EVALUATION_READERS.includes(r)),
          canDuty: roles.some((r) => points.DUTY_ROLES.includes(r)),
          roleLine: me.roles.map((r) => `${r.role_name}·${r.area.name}`).join('，'),
        })
      )
      await Promise.all([this.loadFeed(), this.loadUnread()])
    },
    async loadFeed() {
      try {
        const page = await api.get('/api/v1/feed', { limit: 10 }, { quiet: true })
        const feed = (page.items || []).map((b) => ({
          id: b.id,
          title: b.title,
          body: b.body || b.text || '',
          when: format.when(b.published_at || b.created_at),
          read: !!b.read_at,
          important: !!b.important,
          voice: b.voice_media_id || '',
        }))
        this.setData({ feed })
      } catch (err) {
        // No bulletins (or not offered by this server yet): the buttons are what matters.
      }
    },
    async loadUnread() {
      try {
        const page = await api.get('/api/v1/notifications', { limit: 50 }, { quiet: true })
        this.setData({ unread: page.items.filter((n) => !n.read_at).length })
      } catch (err) {
        this.setData({ unread: 0 })
      }
    },
    openBulletin(e) {
      const id = e.currentTarget.dataset.id
      this.setData({ openBulletin: this.data.openBulletin === id ? '' : id })
      const item = this.data.feed.find((b) => b.id === id)
      if (item && !item.read) {
        api.post(`/api/v1/bulletins/${id}/read`, {}, { quiet: true }).catch(() => null)
        this.setData({ feed: this.data.feed.map((b) => (b.id === id ? Object.assign({}, b, { read: true }) : b)) })
      }
    },
    // The voice version, for those who do not read.
    playBulletin(e) {
      return media.playVoice(e.currentTarget.dataset.id).catch(() => null)
    },
    alarm() {
      wx.showModal({
        title: '一键报警',
        content: '将拨打110，同时把您的位置告诉派出所。确定吗？',
        confirmText: '拨打110',
        cancelText: '取消',
        success: (r) => {
          if (r.confirm) this.callPolice()
        },
      })
    },
    async callPolice() {
      wx.makePhoneCall({ phoneNumber: config.emergencyNumber })
      const where = await location.here()
      const data = { kind: 'alarm', text: '一键报警' }
      if (where) data.location = where
      try {
        const created = await outbox.submit(outbox.newDraftId('alarm'), { path: '/api/v1/cases', data })
        this.setData({ alarmNotice: `已通知派出所（编号 ${created.number || created.id}），民警会尽快联系您` })
      } catch (err) {
        this.setData({ alarmNotice: outbox.message(err) })
      }
    },
  },
})
