// The large-text mode, kept on the phone.
const LARGE_TEXT = 'jht.largeText'

function largeText() {
  return !!wx.getStorageSync(LARGE_TEXT)
}

function setLargeText(on) {
  wx.setStorageSync(LARGE_TEXT, !!on)
}

module.exports = { largeText, setLargeText }
