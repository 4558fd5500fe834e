/* 户籍 pages: "打印本页" buttons (data-print) open the browser's print dialog; print.css
   keeps the content alone. No inline scripts: the console's CSP allows only our own files. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
})();
