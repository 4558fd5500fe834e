// A villager opens the mini-program: wx.login → POST /auth/wechat → GET /me, on the real server.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { loadPages, openPage, tap, text, keepForScreenshot } = require('../support/pages')

let server
const accounts = demoAccounts()

beforeAll(async () => {
  server = await startServer()
  loadPages('index')
})
afterAll(() => server && server.stop())

test('a villager logs in on first open and sees their name and household', async () => {
  const villager = accounts.first('villager')
  const phone = new Phone(server, villager.openid)
  const home = await openPage('index', phone)
  expect(phone.storage.has('jht.token')).toBe(true)
  expect(text(home)).toContain(`${villager.name}，您好`)
  expect(text(home)).toContain('我的家：')
  expect(text(home)).toContain('一键报警')
  expect(home.querySelector('.to-leader')).toBeFalsy()
  keepForScreenshot('00-villager-first-open', 'index', home)
})

test('an expired token is renewed through wx.login without the villager noticing', async () => {
  const villager = accounts.first('villager')
  const phone = new Phone(server, villager.openid)
  phone.storage.set('jht.token', JSON.stringify('jht_not-a-real-token'))
  const home = await openPage('index', phone)
  expect(text(home)).toContain(`${villager.name}，您好`)
  expect(JSON.parse(phone.storage.get('jht.token'))).not.toBe('jht_not-a-real-token')
  expect(phone.modals).toEqual([])
})

test('a 联户长 sees the way into their workbench, and large text stays on', async () => {
  const leader = accounts.first('group_leader')
  const phone = new Phone(server, leader.openid)
  const home = await openPage('index', phone)
  expect(home.querySelector('.to-leader')).toBeTruthy()
  expect(text(home)).toContain('联户长')
  await tap(home, phone, '.big-toggle')
  expect(home.instance.data.big).toBe(true)
  const again = await openPage('index', phone)
  expect(again.instance.data.big).toBe(true)
  expect(again.querySelector('.big')).toBeTruthy()
  keepForScreenshot('02-leader-home-large-text', 'index', again)
})

test('a stranger without a household is invited to join one', async () => {
  const phone = new Phone(server, 'mp-test-stranger-1')
  const home = await openPage('index', phone)
  expect(text(home)).toContain('还没有加入家庭')
  await tap(home, phone, '.join-card')
  expect(phone.lastNavigation()).toBe('/pages/join/join')
})
