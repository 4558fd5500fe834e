// Hold-to-talk voice and photos, uploaded as soon as they are taken (POST /media), shared by the
// report page and the 联户长's feedback. The microphone and the album are only touched after the
// user's own press or tap (privacy guide: 麦克风, 相册).
const api = require('../utils/api.js')

const MAX_MEDIA = 9
const RECORD_OPTIONS = {
  format: 'mp3',
  duration: 120000,
  sampleRate: 16000,
  numberOfChannels: 1,
  encodeBitRate: 48000,
}

module.exports = Behavior({
  data: { voices: [], photos: [], recording: false, uploading: 0 },
  methods: {
    // The recorder is one per mini-program with one onStop listener: the page that starts a
    // recording claims it, so a page left open underneath does not receive this page's clip.
    claimRecorder() {
      const recorder = wx.getRecorderManager()
      recorder.onStop((res) => this.voiceRecorded(res))
      recorder.onError(() => {
        this.setData({ recording: false })
        api.toast('录音没有成功，请再按住说一次')
      })
      return recorder
    },
    startVoice() {
      if (this.data.voices.length + this.data.photos.length >= MAX_MEDIA) return api.toast('最多9个附件')
      this.claimRecorder().start(RECORD_OPTIONS)
      this.setData({ recording: true })
      return null
    },
    stopVoice() {
      if (!this.data.recording) return
      this.setData({ recording: false })
      wx.getRecorderManager().stop()
    },
    async voiceRecorded(res) {
      if (res.duration < 800) return api.toast('说话时间太短')
      const seconds = Math.round(res.duration / 1000)
      return this.uploadOne(res.tempFilePath, 'voice', (m) =>
        this.setData({ voices: this.data.voices.concat([{ id: m.id, seconds, path: res.tempFilePath }]) })
      )
    },
    addPhotos() {
      const room = MAX_MEDIA - this.data.voices.length - this.data.photos.length
      if (room <= 0) return api.toast('最多9个附件')
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sourceType: ['camera', 'album'],
        sizeType: ['compressed'],
        success: (res) =>
          res.tempFiles.forEach((f) =>
            this.uploadOne(f.tempFilePath, 'image', (m) =>
              this.setData({ photos: this.data.photos.concat([{ id: m.id, path: f.tempFilePath }]) })
            )
          ),
      })
      return null
    },
    async uploadOne(filePath, kind, done) {
      this.setData({ uploading: this.data.uploading + 1 })
      try {
        done(await api.upload({ filePath, kind }))
      } catch (err) {
        // the reason was shown by api
      }
      this.setData({ uploading: this.data.uploading - 1 })
    },
    removeMedia(e) {
      const id = e.currentTarget.dataset.id
      this.setData({
        voices: this.data.voices.filter((v) => v.id !== id),
        photos: this.data.photos.filter((p) => p.id !== id),
      })
    },
    playVoice(e) {
      const audio = wx.createInnerAudioContext()
      audio.src = e.currentTarget.dataset.path
      audio.play()
    },
    mediaIds() {
      return this.data.photos.map((p) => p.id).concat(this.data.voices.map((v) => v.id))
    },
    clearMedia() {
      this.setData({ voices: [], photos: [] })
    },
  },
})
