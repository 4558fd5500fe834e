// jsdom for miniprogram-simulate, plus Node's own fetch/FormData/Blob for the bridge to the
// real server (jsdom's window has no fetch, and its Blob is not Node's).
const JsdomEnvironment = require('jest-environment-jsdom').default

class MiniprogramEnvironment extends JsdomEnvironment {
  constructor(config, context) {
    super(config, context)
    this.global.nodeFetch = fetch
    this.global.NodeFormData = FormData
    this.global.NodeBlob = Blob
  }
}

module.exports = MiniprogramEnvironment
