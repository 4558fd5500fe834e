// Playing a voice clip the server keeps (a bulletin's voice version, a case's recording).
const api = require('./api.js')

let playing = null

async function playVoice(mediaId) {
  const file = await api.download(`/api/v1/media/${mediaId}`)
  if (playing) playing.stop()
  playing = wx.createInnerAudioContext()
  playing.src = file
  playing.play()
  return file
}

module.exports = { playVoice }
