// Location, only ever asked for right after the user's tap (privacy guide: 位置信息).
function here() {
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success: (r) => resolve({ lat: r.latitude, lng: r.longitude }),
      fail: () => resolve(null),
    })
  })
}

function choose() {
  return new Promise((resolve) => {
    wx.chooseLocation({
      success: (r) =>
        resolve({ lat: r.latitude, lng: r.longitude, address: [r.name, r.address].filter(Boolean).join(' ') }),
      fail: () => resolve(null),
    })
  })
}

module.exports = { here, choose }
