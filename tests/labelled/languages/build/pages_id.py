"""Indonesian items from stored public web pages."""
import datetime as dt

from common import page

D = dt.date


def items():
    return [
        page("article", "https://www.kartininews.com/2025/06/brin-menawarkan-9-kolaborasi-riset-dengan-negara-negara-asean.html",
             "Iklan\n\nIklan\n\n,\n\nIklan\n\n"
             "BRIN Menawarkan 9 Kolaborasi Riset dengan Negara-negara ASEAN\n\n"
             "Kartininews\nJun 24, 2025, 22:59 WIB Last Updated 2025-06-24T15:59:30Z\n\n"
             "Jakarta Kartininews.com - Indonesia terus berupaya memperkuat riset dan teknologi inovasi dengan menawarkan sembilan platform kerja sama riset kepada negara-negara ASEAN. Hal ini disampaikan Kepala Badan Riset dan Inovasi Nasional (BRIN) Laksana Tri Handoko usai bertemu dengan para menteri bidang sains, teknologi, dan inovasi se-Asia Tenggara dalam rangkaian acara ASEAN Committee on Science, Technology, and Innovation (COSTI) ke-87 yang berlangsung di Jakarta, 16–20 Juni 2025.\n\n\n"
             "“Kami tidak ingin hanya mengadakan acara saja. Jadi kami kan harus membawa sesuatu yang lebih punya dampak dalam jangka panjang dan bisa meningkatkan positioning Indonesia di kancah global, termasuk untuk membuka kesempatan bagi para peneliti kita untuk kolaborasi lebih luas lagi,” kata Handoko di Gedung BRIN B.J. Habibie, Jakarta, Jumat, 20 Juni 2025.",
             D(2025, 6, 24), "Jun 24, 2025, 22:59 WIB", "date_line",
             "Date line in English month abbreviation + WIB, plus an ISO 'Last Updated' stamp (UTC). The body's 'Jumat, 20 Juni 2025' (statement day) and the range '16–20 Juni 2025' (COSTI-87) are earlier. Page starts with advertisement placeholders ('Iklan')."),
        page("article", "https://selalukabar.com/brin-gandeng-riken-jepang-lakukan-kerja-sama-penelitian-biosains-24228.html",
             "Jakarta (ANTARA) - Badan Riset dan Inovasi Nasional (BRIN) menggandeng Institute of Physical and Chemical Research (Riken), Jepang untuk memperkuat kerja sama dan kolaborasi riset dengan BRIN, khususnya di bidang biosains.\n"
             "\"Saya pikir Riken adalah salah satu mitra prospek, karena Riken memperluas cakupan dalam bidang biosains dan bidang lintas disiplin di antara ilmu hayati dan mungkin ilmu fisika dan kimia,\" kata Kepala BRIN Laksana Tri Handoko melalui keterangan di Jakarta, Kamis.\n"
             "Handoko juga menawarkan kepada Riken untuk memiliki kantor perwakilan di Indonesia. Ia menyatakan BRIN siap menjadi fasilitator dari adanya kantor perwakilan Riken di Indonesia.",
             None, None, None,
             "Antara story reposted by selalukabar.com. Antara dateline 'Jakarta (ANTARA) -' and weekday only ('Kamis'): no date."),
        page("article", "https://www.brin.go.id/menata-kerja-sama-luar-negeri-brin-ke-depan/",
             "SIARAN PERS\nBADAN RISET DAN INOVASI NASIONAL\nNomor : 65/SP/HM/BKKP/V/2021\n\n"
             "Jakarta – Kepala Badan Riset dan Inovasi Nasional (BRIN), L.T. Handoko mengadakan pertemuan koordinasi untuk membahas kerja sama luar negeri di lingkungan BRIN, Senin (24/5). Pertemuan dibuka oleh Sekretaris Utama Mego Pinandito yang menyampaikan tujuan dari acara adalah untuk koordinasi dan sinergi kegitan kerja sama luar negeri di lingkungan BRIN.\n\n"
             "Pada kesempatan ini, Biro Kerja Sama dan Komunikasi Publik (KSKP) BRIN dan biro yang menangani kerja sama luar negeri dari LAPAN, LIPI, BATAN dan BPPT turut diundang dan memberikan paparan serta update kerja sama luar negeri di masing-masing institusi.",
             None, None, None,
             "BRIN press release. 'Senin (24/5)' = Monday 24 May without year; the year is only in the release number '65/SP/HM/BKKP/V/2021' (V = May, 2021). Labelled null under the rule 'no year in the date'; a reader combining both gets 2021-05-24."),
        page("article", "https://suarakarya.co.id/agar-optimal-brin-akan-menata-kembali-kerja-sama-luar-negeri/32234/",
             "Agar Optimal, BRIN akan Menata Kembali Kerja Sama Luar Negeri\n\n0\n\n"
             "JAKARTA (Suara Karya): Badan Riset dan Inovasi Nasional (BRIN) sedang menata kembali kerja sama dengan luar negeri kedepan. Upaya itu dilakukan agar riset dan inovasi yang dilakukan memberi hasil yang optimal.\n\n"
             "Demikian dikemukakan Kepala BRIN, Laksana Tri Handoko dalam siaran pers, Kamis (27/5/21).\n\n"
             "Handoko meminta kerja sama luar negeri ke depan lebih banyak dilakukan lewat skema ‘global platform’. Karena bakal menarik lebih banyak global talents di dalamnya.",
             D(2021, 5, 27), "Kamis (27/5/21)", "body_reference",
             "Weekday + (d/m/yy) with a TWO-digit year. Same BRIN story as the press release dated Monday 24/5."),
        page("article", "https://fbeta.republika.co.id/berita//qvxh75430/brin-ingin-tingkatkan-kolaborasi-dengan-internasional",
             "REPUBLIKA.CO.ID,JAKARTA -- Badan Riset dan Inovasi Nasional (BRIN) ingin meningkatkan kolaborasi dengan mitra internasional, seperti Australia. Terlebih untuk peningkatan kapasitas peneliti atau sumber daya manusia melalui skema program mobilitas antara kedua negara.\n"
             "Kepala BRIN Laksana Tri Handoko mengatakan, dirinya ingin menjadikan BRIN sebagai pihak yang mengaktifkan kegiatan riset. Kegiatan riset yang diharapkan muncul bukan hanya di tingkat lokal tapi juga internasional.\n"
             "\"Membuka banyak global open platform pada fasilitas riset yang kita miliki, diantaranya Cibinong Science Center yang akan menjadi global platform untuk bidang biodiversity, Pusat Observasi Keantariksaan di Kupang, dan pengembangan kapal-kapal riset,\" kata Handoko, dalam keterangannya, Kamis (8/7).",
             None, None, None,
             "Republika; 'Kamis (8/7)' = Thursday 8 July, no year (2021 by content). Indonesia-Australia research cooperation."),
        page("article", "https://antaranews.com/berita/3809616/kepala-brin-tawarkan-skema-penelitian-bersama-ke-negara-belt-and-road",
             "Chongqin (ANTARA) - Kepala Badan Riset dan Inovasi Nasional (BRIN) Laksana Tri Handoko menawarkan kolaborasi skema pendanaan penelitian bersama kepada negara-negara yang ikut dalam kerja sama Belt and Road Innitiative (BRI).\n\n"
             "\"Kami membuat platform penelitian kami sendiri yang terbuka menjadi platform yang dapat digunakan siapapun mana pun yang mau mendukung penelitian baik pengadaan sumber daya manusia maupun infrastruktur penelitian. Semua pihak diundang dan dapat berkolaborasi dalam kerja sama jangka panjang baik di bawah Belt and Road Innitiative maupun secara bilateral,\" kata Laksana Tri Handoko dalam sesi pleno Belt and Road Conference on Science and Technology Exchange di Chongqing, China, Senin.\n\n"
             "Belt and Road Conference on Science and Technology Exchange (Konferensi Sabuk dan Jalur untuk Pertukaran Sains dan Teknologi) pertama dengan tema \"Bersama untuk Inovasi, Pembangunan untuk Semua\" berlangsung di chongqing, China pada 6-7 November 2023. Konferensi tersebut adalah salah satu kelanjutan kerja sama dari Belt and Road Forum yang diselenggarakan di Beijing pada 17-18 Oktober 2023 yang juga diselenggarakan Presiden Joko Widodo.",
             None, None, None,
             "Antara (Indonesian). Dateline 'Chongqin (ANTARA) -' (sic) and weekday only ('Senin'); the conference range '6-7 November 2023' lets a reader infer Monday 6 Nov 2023, but no publication date is stated. Another range '17-18 Oktober 2023' is a past forum."),
        page("article", "https://mediaindonesia.com/humaniora/803487/menuju-indonesia-emas-2045-dosen-didorong-berdialog-dengan-ceo-di-cdio-2025",
             "Menteri Keuangan Sri Mulyani (kanan) berjabat tangan dengan Mendiktisaintek Brian Yuliarto (kiri) usai menyampaikan konferensi pers tentang tunjangan kinerja pegawai di lingkungan Kemendiktisaintek di Jakarta, Selasa (15/4/2025).(ANTARA FOTO/Fauzan/YU)\n\n"
             "KEMENTERIAN Pendidikan Tinggi, Sains, dan Teknologi mendorong agar para dosen dari perguruan tinggi dapat bekerja sama dengan CEO demi memahami kebutuhan industri. Hal itu disampaikan Mendiktisaintek Brian Yuliarto saat meresmikan Conceive Design Implement Operate (CDIO) 2025 Asian Regional Meeting (ARM) di Politeknik Negeri Batam (Polibatam), Kepulauan Riau. Itu merupakan kolaborasi perguruan tinggi vokasi mancanegara dengan industri.\n\n"
             "\"Universitas tidak boleh hanya berdiam di kampus. Dosen dan peneliti harus terjun langsung ke industri, berdialog dengan para CEO, \" ujar Menteri Brian melalui keterangan di Jakarta, Kamis (21/8).",
             None, None, None,
             "Media Indonesia. TRAP: the first full date 'Selasa (15/4/2025)' belongs to a stock photo caption of an earlier event; the article's own reference is 'Kamis (21/8)' (21 August, no year; 2025)."),
        page("article", "https://www.idntimes.com/news/indonesia/ramai-tni-masuk-kampus-kemendikti-kerja-sama-menyesuaikan-kebutuhan-00-sbfjr-kwwkks/amp",
             "Agenda Ngopi bareng Kemdiktisaintek bersama Direktur Jenderal Pendidikan Tinggi Khairul Munadi di Kantor Kemendiktisaintek, Jakarta, Selasa (29/4/2025) (IDN Times/Lia Hutasoit)\n"
             "Menurut dia, bukan hanya kementeriannya saja, tetapi yang lainnya juga akan menjalankan program kerja sama. Sebab, kata dia, hal tersebut tidak bisa berjalan sendiri.\n"
             "\"Saya sudah sebut di awal tadi, tidak mungkin kita berjalan sendiri. Pasti kita butuhkan dukungan dari mitra-mitra terkait termasuk bahkan masyarakat sendiri,\" kata dia.",
             D(2025, 4, 29), "Selasa (29/4/2025)", "caption",
             "IDN Times; the stored text starts with a photo caption, and its date is the day of the event the article reports; no other date."),
        page("article", "https://vovworld.vn./id-ID/berita/indonesia-dorong-pembentukan-pusat-riset-pengetahuan-asean-1219879.vov",
             "(VOVWORLD) - Pemerintah Indonesia, melalui Badan Riset dan Inovasi Nasional (BRIN), sedang mendorong pembentukan pusat riset untuk para peneliti internasional asal negara-negara anggota ASEAN.\n"
             "Dalam pernyataan pers yang dikeluarkan pada tgl 29 Juli, Ahmad Najib Burhani, Direktur Organisasi Ilmu Sosial dan Humaniora dari BRIN, mengatakan bahwa satu pusat riset bisa lebih mendorong hubungan persahabatan antarnegara di Asia Tenggara dan memaksimalkan potensi seluler di kawasan, menuju membuat ASEAN menjadi pusat keilmuan baru di dunia.",
             None, None, None,
             "Voice of Vietnam, Indonesian service (Indonesian written by a foreign broadcaster). 'pada tgl 29 Juli' (abbreviation tgl = tanggal), no year."),
        page("article", "https://ototekno.okezone.com:443/read/2023/06/13/54/2830200/diluncurkan-pakai-roket-milik-elon-musk-satelit-lokal-satria-1-terbang-19-juni?page=1",
             "Advertisement\nHOME OTOTEKNO TECHNO\n\n"
             "Diluncurkan Pakai Roket Milik Elon Musk, Satelit Lokal SATRIA-1 Terbang 19 Juni\n\n"
             "Tangguh Yudha , Jurnalis-Selasa, 13 Juni 2023 |17:25 WIB\n"
             "Diluncurkan Pakai Roket Milik Elon Musk, Satelit Lokal SATRIA-1 Terbang 19 Juni\n"
             "SATRIA-1. (Foto: Instagram/Kominfo)\n"
             "DI tengah masalah korupsi yang tengah melanda Kementerian Komunikasi dan Informatika (Kominfo), peluncuran Satelit Republik Indonesia Pertama (SATRIA-1) dijamin tetap berlangsung sesuai rencana. Pasalnya korupsi yang dilakukan hanyalah terkait BTS dan bukan peluncuran satelit.\n\n"
             "Pelaksana tugas Menteri Komunikasi dan Informatika (Plt.) Menkominfo Mahfud MD menyebut SATRIA-1 akan diluncurkan 19 Juni 2023 mendatang. Momen peluncuran nantinya dapat disaksikan secara langsung oleh seluruh masyarakat melalui kanal YouTube Kominfo.",
             D(2023, 6, 13), "Selasa, 13 Juni 2023 |17:25 WIB", "date_line",
             "Okezone; byline glued to the date line ('Jurnalis-Selasa, 13 Juni 2023 |17:25 WIB'). The headline and body give a FUTURE date (19 Juni / 19 Juni 2023, launch). The stored page's metadata date is recorded as corpus_date.",
             corpus_date=D(2023, 6, 13)),
        page("article", "https://www.senangsenang.id/news/9369201500/satelit-terbesar-nomor-1-di-asia-presiden-jokowi-satria-1-untuk-pemerataan-infrastruktur-digital-indonesia",
             "Satelit Terbesar Nomor 1 di Asia, Presiden Jokowi: Satria 1 untuk Pemerataan Infrastruktur Digital Indonesia\n\n"
             "photo author\n- Selasa, 20 Juni 2023 | 05:49 WIB\n"
             "Satria 1 meluncur dengan menggunakan roket Falcon milik SpaceX. (Foto: Istimewa/InfoPublik)\n"
             "Satria 1 meluncur dengan menggunakan roket Falcon milik SpaceX. (Foto: Istimewa/InfoPublik)\n\n"
             "SENANGSENANG.ID - Presiden Joko Widodo (Jokowi) mengatakan, Satelit Republik Indonesia 1 (Satria 1) yang baru saja diluncurkan adalah untuk pemerataan infrastruktur digital pada fasilitas layanan publik di berbagai pelosok tanah air di masa depan.\n\n"
             "\"Satria 1 untuk pemerataan infrastruktur digital di pusat layanan publik kita,\" kata Presiden Jokowi yang dikutip melalui cuitan pada akun media sosial Twitter pada Senin 19 Juni 2023.",
             D(2023, 6, 20), "Selasa, 20 Juni 2023 | 05:49 WIB", "date_line",
             "Date line 'weekday, d Month yyyy | hh:mm WIB'; the body's 'Senin 19 Juni 2023' (the day before) is the quoted tweet."),
        page("headline", "https://www.kalderanews.com/2020/08/21/masa-depan-riset-dan-kemajuan-teknologi-indonesia/",
             "Masa Depan Riset dan Kemajuan Teknologi Indonesia",
             note="Indonesian headline (KalderaNews); few language-specific words."),
        page("headline", "https://depok.inews.id/amp/310208/peluncuran-satria-1-sukses-kominfo-semoga-lahir-jagoan-digital-dari-aceh-sampai-papua",
             "Peluncuran SATRIA-1 Sukses, Kominfo: Semoga Lahir Jagoan Digital dari Aceh sampai Papua",
             note="Indonesian headline (iNews Depok)."),
    ]
