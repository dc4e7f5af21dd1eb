// Modelled replay stand-in for the Nuxt entry bundle of brin.go.id (not BRIN's code):
// renders the news list from the list API named in window.__NUXT__.config.public.apiBase.
(function () {
  var cfg = (window.__NUXT__ && window.__NUXT__.config && window.__NUXT__.config.public) || {};
  var base = cfg.apiBase || "https://api.brin.go.id/v1";
  fetch(base + "/news?page=1").then(function (r) { return r.json(); }).then(function (d) {
    var root = document.getElementById("__nuxt");
    var html = '<main class="news-list"><h1>Berita</h1>';
    d.data.forEach(function (n) {
      html += '<div class="news-card"><a href="/news/' + n.id + '/' + n.slug + '">' + n.title +
              '</a><span class="news-time">' + n.published_at + '</span></div>';
    });
    root.innerHTML = html + '</main>';
  });
})();
