"""Malay (Malaysia and Brunei) items from stored public web pages."""
import datetime as dt

from common import page

D = dt.date

WP_FCDO = ("By 2022-02-10#!28Thu, 24 Feb 2022 11:42:52 +0800+08:005228#28Thu, 24 Feb 2022 11:42:52 +0800+08:00-11+08:002828+08:00x28 24am28am-28Thu, 24 Feb 2022 11:42:52 +0800+08:0011+08:002828+08:00x282022Thu, 24 Feb 2022 11:42:52 +08004211422amThursday=321#!28Thu, 24 Feb 2022 11:42:52 +0800+08:00+08:002#February 24th, 2022#!28Thu, 24 Feb 2022 11:42:52 +0800+08:005228#/28Thu, 24 Feb 2022 11:42:52 +0800+08:00-11+08:002828+08:00x28#!28Thu, 24 Feb 2022 11:42:52 +0800+08:00+08:002#No Comments")
WP_COSTI = ("By 2020-10-22#!31Fri, 23 Oct 2020 11:04:38 +0800+08:003831#31Fri, 23 Oct 2020 11:04:38 +0800+08:00-11+08:003131+08:00x31 23am31am-31Fri, 23 Oct 2020 11:04:38 +0800+08:0011+08:003131+08:00x312020Fri, 23 Oct 2020 11:04:38 +080004110410amFriday=321#!31Fri, 23 Oct 2020 11:04:38 +0800+08:00+08:0010#October 23rd, 2020#!31Fri, 23 Oct 2020 11:04:38 +0800+08:003831#/31Fri, 23 Oct 2020 11:04:38 +0800+08:00-11+08:003131+08:00x31#!31Fri, 23 Oct 2020 11:04:38 +0800+08:00+08:0010#No Comments")


def items():
    return [
        page("article", "https://bernama.com/bm/wilayah/news.php?id=2354465",
             "WILAYAH - SARAWAK > BERITA\n\n"
             "Belanjawan 2025 Menunjukkan Kerajaan Serius Dalam Bidang R&D, Sains\n\n"
             "21/10/2024 02:09 PM\n\n"
             "GEORGE TOWN, 21 Okt (Bernama) -- Belanjawan 2025 menunjukkan Kerajaan Persekutuan serius meningkatkan penyelidikan dan pembangunan (R&D) serta perkembangan bidang sains dan teknologi di negara ini. \n\n"
             "Menteri Sains, Teknologi dan Inovasi Chang Lih Kang berkata dana R&D ditingkatkan kepada RM600 juta berbanding RM510 juta sebelum ini di bawah Kementerian Pendidikan Tinggi dan Kementerian Sains, Teknologi dan Inovasi (MOSTI).",
             D(2024, 10, 21), "21/10/2024 02:09 PM", "date_line",
             "Bernama BM: date line dd/mm/yyyy hh:mm AM/PM plus the wire dateline 'GEORGE TOWN, 21 Okt (Bernama) --' (day + Malay month abbreviation, no year). 'Kerajaan', 'Belanjawan' (Indonesian: Pemerintah, Anggaran)."),
        page("article", "https://www.mosti.gov.my/en/berita/pertemuan-maya-ketua-setiausaha-mosti-bersama-pengarah-serantau-pejabat-komanwel-pembangunan-fcdo-sains-dan-inovasi-asia-tenggara/",
             "Skip to main content\nNews\n\n"
             "Pertemuan Maya Ketua Setiausaha MOSTI bersama Pengarah Serantau, Pejabat Komanwel & Pembangunan (FCDO) Sains dan Inovasi Asia Tenggara\n\n"
             + WP_FCDO + "\n"
             "10 Februari 2022, Putrajaya –  Ms Elinor Buxton, Pengarah Serantau, Pejabat Komanwel & Pembangunan (FCDO) Sains dan Inovasi Asia Tenggara yang baharu telah mengadakan pertemuan secara maya dengan YBhg. Datuk Zainal Abidin bin Abu Hassan, Ketua Setiausaha MOSTI. Semasa perbincangan, kedua-dua pihak telah bersetuju untuk mempereratkan dan menjalin kerjasama dua hala yang lebih baik, khususnya dalam bidang sains, teknologi dan inovasi. Beberapa bidang khusus yang akan diterokai ialah pembangunan vaksin, kenderaan elektrik, pembiayaan penyelidikan, latihan dan pemindahan teknologi.",
             D(2022, 2, 10), "10 Februari 2022, Putrajaya –", "dateline",
             "MOSTI newsroom. HARD: a broken WordPress date template dumps 'By 2022-02-10' and many copies of 'Thu, 24 Feb 2022 11:42:52 +0800' / 'February 24th, 2022' (the posting time) before the Malay dateline '10 Februari 2022, Putrajaya –' (the news date, = the 'By' date). Labelled with the dateline; 2022-02-24 is the upload time."),
        page("article", "https://www.mosti.gov.my/en/berita/mesyuarat-asean-committe-on-science-technology-and-innovation-ke-78-78th-asean-costi-meeting/",
             "Skip to main content\nNews\n\n"
             "Mesyuarat Asean Committe On Science, Technology And Innovation Ke-78 (78th ASEAN COSTI MEETING)\n\n"
             + WP_COSTI + "\n"
             "Putrajaya, 21 Oktober 2020 – YBhg. Datuk Ir. Dr. Siti Hamisah binti Tapsir, Ketua Setiausaha MOSTI, hari ini telah mengetuai delegasi Malaysia ke Mesyuarat ASEAN Commitee on Science, Technology and Innovation (78th ASEAN COSTI Meeting) di Kementerian Sains, Teknologi dan Inovasi yang diadakan secara maya.",
             D(2020, 10, 21), "Putrajaya, 21 Oktober 2020 –", "dateline",
             "MOSTI: the same broken WordPress date dump ('By 2020-10-22', 'Fri, 23 Oct 2020 11:04:38 +0800', 'October 23rd, 2020') precedes the dateline 'Putrajaya, 21 Oktober 2020 –' ('hari ini' = today). Three different days in one header; labelled with the dateline. ASEAN COSTI-78; English committee names inside Malay."),
        page("article", "https://www.mosti.gov.my/en/berita/sesi-libat-urus-yb-menteri-mosti-bersama-badan-badan-persatuan-berkaitan-sains-dan-teknologi-di-malaysia/",
             "Skip to main content\nNews\n\n"
             "Sesi Libat Urus YB Menteri MOSTI Bersama Badan-Badan Persatuan Berkaitan Sains Dan Teknologi Di Malaysia\n\n"
             "16 Ogos 2022, Kuala Lumpur – Hari ini telah berlangsung sesi libat urus YB Dato’ Sri Dr. Adham Baba, Menteri Sains, Teknologi dan Inovasi bersama badan-badan persatuan berkaitan sains dan teknologi di Malaysia.\n\n"
             "Sesi ini melibatkan 79 persatuan sains tempatan yang mana 67 daripada mereka hadir secara fizikal dan baki 12 hadir secara online.",
             D(2022, 8, 16), "16 Ogos 2022, Kuala Lumpur –", "dateline",
             "MOSTI dateline with 'Ogos' (Malay August; Indonesian 'Agustus')."),
        page("article", "https://www.mosti.gov.my/berita/kerajaan-persekutuan-dan-negeri-mengukuhkan-kerjasama-sains-teknologi-dan-inovasi-negara/",
             "Skip to main content\nBerita\n\n"
             "Kerajaan Persekutuan Dan Negeri Mengukuhkan Kerjasama Sains, Teknologi Dan Inovasi Negara\n\n"
             "By 2021-11-17November 22nd, 2021No Comments\n"
             "17 November 2021, Kuala Lumpur – YB Dato’ Sri Dr Adham Baba, Menteri Sains, Teknologi dan Inovasi (MOSTI) malam tadi mempengerusikan Mesyuarat Menteri-Menteri dan Ahli-Ahli Majlis Mesyuarat Kerajaan Negeri yang bertanggungjawab ke atas sains, teknologi dan inovasi (MEXCO-STI) secara hybrid di Kuala Lumpur.",
             D(2021, 11, 17), "17 November 2021, Kuala Lumpur –", "dateline",
             "MOSTI: glued template text 'By 2021-11-17November 22nd, 2021No Comments' (post date vs. modified date) before the dateline; 'malam tadi' = last night."),
        page("article", "https://www.mosti.gov.my/berita/ybhg-datuk-ts-dr-haji-aminuddin-bin-hassim-ketua-setiausaha-mosti-telah-menerima-kunjungan-hormat-daripada-malaysia-gazette-yang-diketuai-oleh-puan-noraini-abd-razak-ceo-malaysia-gazette/",
             "10 Mei 2023, Putrajaya – YBhg. Datuk Ts. Dr. Haji Aminuddin bin Hassim, Ketua Setiausaha MOSTI telah menerima kunjungan hormat daripada Malaysia Gazette yang diketuai oleh Puan Noraini Abd Razak, CEO Malaysia Gazette.\n"
             "Pertemuan tersebut antara lainnya membincangkan mengenai usaha MOSTI dalam Merakyatkan Sains, Menginsankan Teknologi ke arah menjadi Negara berteknologi tinggi menjelang tahun 2030.",
             D(2023, 5, 10), "10 Mei 2023, Putrajaya –", "dateline",
             "Short MOSTI item; 'Mei' is spelled the same in Malay and Indonesian."),
        page("article", "https://news.usm.my/index.php/berita-mutakhir/2990-kerjasama-malaysia-indonesia-penting-jayakan-agenda-pembangunan-s-t-asean",
             "KERJASAMA MALAYSIA INDONESIA PENTING JAYAKAN AGENDA PEMBANGUNAN S&T ASEAN\n"
             "PULAU PINANG, 17 November 2015 – Malaysia dan Indonesia perlu memperkukuhkan kerjasama dalam bidang Sains dan Teknologi untuk menghadapi cabaran besar masa hadapan.\n"
             "\"ASEAN plan of Action on Science, Technology and Innovation 2016-2025 perlu dijayakan terutamanya melalui kerjasama rapat dengan integrasi dan kolaborasi sektor swasta dan awam terutamanya industri kecil dan sederhana (SMI) untuk meningkatkan keupayaan bakat atau talent yang dimilikinya dengan inovasi-inovasi yang berguna kepada masyarakat dan sekaligus berupaya untuk tujuan komersil di peringkat global,\" kata penerima ijazah kehormat Doktor Pendidikan Universiti Sains Malaysia (USM), Profesor Dr. Mohamad Nasir pagi ini.",
             D(2015, 11, 17), "PULAU PINANG, 17 November 2015", "dateline",
             "Universiti Sains Malaysia news: Malay text quoting the Indonesian research minister (his words are rendered in Malay). Also contains the plan period '2016-2025'."),
        page("article", "https://www.mtic.gov.bn/Lists/News/NewItemDisplay.aspx?ID=981",
             "Skip Ribbon Commands\nSkip to main content\n\nNews\n\n"
             "Isnin, 30 Oktober 2023 - Mesyuarat ASEAN-U.S. Consultation on Science and Technology ke -11 (AUSCST-11)\n"
             "Yang Mulia Awang Haji Mohammad Nazri bin Haji Mohammad Yusof, Setiausaha Tetap di Kementerian Pengangkutan dan Infokomunikasi, selaku Pengerusi ASEAN COSTI tahun ini telah menghadiri mesyuarat ASEAN-U.S. Consultation on Science and Technology ke -11 (AUSCST-11) pada 30 Oktober 2023 di Washington D.C., Amerika Syarikat.",
             D(2023, 10, 30), "Isnin, 30 Oktober 2023", "date_line",
             "Brunei Malay (Ministry of Transport and Infocommunications, SharePoint page). Weekday 'Isnin' (Malay; Indonesian 'Senin'). ASEAN-US S&T consultation."),
        page("article", "https://www.mtic.gov.bn/Lists/News/NewItemDisplay.aspx?ID=979",
             "Skip Ribbon Commands\nSkip to main content\n\nNews\n\n"
             "Sabtu, 21 Oktober 2023 - Mesyuarat Ke-84 Jawatankuasa ASEAN Sains, Teknologi, dan Inovasi (COSTI-84) dari 19 hingga 20 Oktober 2023 di Bohol, Filipina\n"
             "Mesyuarat Ke-84 Jawatankuasa ASEAN tentang Sains, Teknologi, dan Inovasi (COSTI-84) telah berlangsung dari 19 hingga 20 Oktober 2023 di Bohol, Filipina. Mesyuarat telah dipengerusikan oleh Yang Mulia Awang Ir. Mohamad Nazri bin Mohammad Yusof, Setiausaha Tetap di Kementerian Pengangkutan dan Infokomunikasi (MTIC) selaku Pengerusi Kebangsaan COSTI bagi Negara Brunei Darussalam. Delegasi dari negara-negara anggota ASEAN dan Sekretariat ASEAN turut hadir dalam mesyuarat ini.",
             D(2023, 10, 21), "Sabtu, 21 Oktober 2023", "date_line",
             "Brunei MTIC: posting date line, then the meeting range '19 hingga 20 Oktober 2023' (earlier). COSTI-84."),
        page("article", "http://siakapkeli.blogspot.com/2014/08/malaysia-bakal-lancar-saluran-tv-sains.html",
             "Kini Siakap Keli boleh didapati di Play Store! Dapatkan sekarang untuk Smartphone anda. Saya mahu!\n"
             "Related Posts Plugin for WordPress, Blogger...\n\nPages\n\n\n"
             "Thursday, August 14, 2014\n\nNo Comment\n\n"
             "KUALA LUMPUR – Kementerian Sains, Teknologi dan Inovasi (MOSTI) merancang untuk mengadakan saluran televisyen mengenai sains seperti National Geography versi Malaysia.\n\n"
             "“Saluran ini akan menampilkan pencapaian dan inovasi Malaysia dalam landskap sains dan teknologi selain mengetengahkan saintis serta memupuk bakat bakal ahli sains,” kata Timbalan Menterinya, Datuk Dr Abu Bakar Mohamad Diah.",
             D(2014, 8, 14), "Thursday, August 14, 2014", "date_line",
             "Blog repost of a Bernama story: English Blogger chrome and date header, Malay body with a dateless dateline 'KUALA LUMPUR –'."),
        page("article", "https://issuu.com/pacisasak/docs/pelita_brunei_-_sabtu_28_mac_2015",
             "Pelita Brunei - Sabtu 28 Mac 2015\n\nPage 1\n\nPETIKAN TITAH\n\nMANISNYA IMAN\n\n"
             "“DALAM bidang kewangan, semua kementerian dalam kerajaan perlulah terus mengamalkan langkah berjimat cermat di dalam perbelanjaan, iaitu bagi menghadapi keperluan masa depan. Dalam pada itu juga, kita mestilah mensepadankannya dengan pendapatan negara serta mengikut peraturan-peraturan kewangan yang telah ditetapkan.” - Titah Sempena Hari Keputeraan Baginda Ke-44 pada 15 Julai 1990.\n\n"
             "“DARI Abu Na’amah, bahawasanya Abdullah bin Mughafal mendengar Rasulullah Sallallahu Alaihi Wasallam bersabda: Sesungguhnya akan ada dari golongan umat ini kaum yang berlebih-lebihan dalam bersuci dan berlebih-lebihan dalam berdoa.” - (Riwayat Imam Abu Daud).\n\n"
             "TAHUN 60 / BILANGAN 37\n\n28 MAC 2015 / 1436\n\n7\n\nJABATAN PENERANGAN\n\nEDISI SABTU / PERCUMA\n\n"
             "Thailand rakan penting wujudkan sekuriti makanan\n\n"
             "KEBAWAH Duli Yang Maha Mulia Paduka Seri Baginda Sultan Haji Hassanal Bolkiah Mu’izzaddin Waddaulah ibni Al-Marhum Sultan Haji Omar ‘Ali Saifuddien Sa’adul Khairi Waddien, Sultan dan Yang Di-Pertuan Negara Brunei Darussalam ketika mengurniakan titah pada Majlis Santap Malam Rasmi meraikan Perdana Menteri Thailand, Tuan Yang Terutama Jeneral (B) Prayut Chan-o-cha. - Foto : Haji Ariffin Mohd. Noor (Lihat muka 3, 4, 5, 16 dan 17).\n\n"
             "Oleh : Aimi Sani, Saerah Haji Abdul Ghani BANDAR SERI BEGAWAN, Rabu, 25 Mac. - Negara Brunei Darussalam dan Thailand telah menikmati persahabatan yang erat selama lebih 30 tahun sejak kemerdekaan Brunei Darussalam pada tahun 1984.",
             D(2015, 3, 28), "Pelita Brunei - Sabtu 28 Mac 2015", "date_line",
             "Pelita Brunei (Brunei government weekly) front page on issuu: edition date 'Sabtu 28 Mac 2015' (also '28 MAC 2015 / 1436' with the Hijri year). The story dateline 'BANDAR SERI BEGAWAN, Rabu, 25 Mac. -' (no year) is 3 days earlier; the quoted titah is dated '15 Julai 1990'. 'Mac' = Malay March (Indonesian 'Maret')."),
        page("article", "https://utusan.com.my/rencana/2024/12/mampukah-malaysia-menjadi-sebuah-hab-teknologi-global",
             "KURANG dua minggu lagi, kita akan menyambut tahun 2025, yang juga menandakan tahun ketiga pentadbiran kerajaan Madani pimpinan Perdana Menteri, Datuk Seri Anwar Ibrahim. Tahun ketiga pentadbiran adalah fasa kritikal di mana rakyat dan pihak berkepentingan mula menilai hasil dasar dan inisiatif kerajaan. Ia juga masa untuk mempercepatkan momentum pembaharuan, dan jika berlaku kelewatan, kerajaan perlu menyesuaikan strategi segera bagi mencapai matlamat sebelum mandat berakhir. Menyahut cabaran ini, Kementerian Sains, Teknologi, dan Inovasi (MOSTI) telah mengambil langkah strategik untuk menjadikan Malaysia sebagai hab teknologi global, selaras dengan visi Perdana Menteri.…\n"
             "Sila Log Masuk atau Langgan untuk membaca berita sepenuhnya",
             None, None, None,
             "Utusan Malaysia opinion (paywalled teaser). Only a relative date: 'KURANG dua minggu lagi, kita akan menyambut tahun 2025' (less than two weeks before 2025, i.e. about 18-20 Dec 2024; URL 2024/12). A parser must not return 2025."),
        page("article", "https://ksti.sabah.gov.my/ms/clippings/warta-oriental-ksti-mosti-kerjasama-wujudkan-pusat-sains-negara-di-sabah",
             "MEMBAKUT: Kementerian Sains, Teknologi dan Inovasi Sabah (KSTI) akan terus bekerjasama dengan  Kementerian Sains, Teknologi dan Inovasi (MOSTI) untuk mewujudkan  Pusat Sains Negara (PSN) di negeri ini.\n\n"
             "Menteri KSTI, Datuk Dr. Mohd Arifin Arif berkata pewujudan pusat tersebut penting dalam usaha kerajaan menarik perhatian golongan pelajar untuk meminati Sains sekali gus sebagai pemangkin kepada  perkembangan bidang sains dan teknologi di Sabah pada masa depan.",
             None, None, None,
             "Sabah state ministry press clipping (from Warta Oriental, whose link on the page carries 2023/09/17); no date in the text; dateless dateline 'MEMBAKUT:'. Double spaces as stored."),
    ]
