"""Filipino (Tagalog) items from stored public web pages, including Taglish."""
import datetime as dt

from common import page

D = dt.date

RMN_BOLD_URL = "https://rmn.ph/𝗠𝗚𝗔-𝗠𝗔𝗚𝗦𝗔𝗦𝗔𝗞𝗔-𝗦𝗔-𝗣𝗔-4"


def items():
    return [
        page("article", "https://radyo.inquirer.net/334003/modernong-teknolohiya-para-sa-pagsasaka-iniutos-ni-pbbm-jr-sa-mga-liblib-na-lugar",
             "Modernong teknolohiya sa pagsasaka iniutos ni PBBM Jr., sa mga liblib na lugar\n\n"
             "By Chona Yu September 11, 2023 - 03:08 PM\n\n"
             "INQUIRER PHOTO\n\n"
             "Nais ni Pangulong Marcos Jr., na maabot na ng modernong teknolohiya sa pagsasaka ang kasulsulukan na bahagi ng bansa kayat inatasan niya ang  Department of Agriculture na gawin ito.\n\n"
             "Layon aniya niya na matulungan ang mga magsasaka na mapataas ang produksyon ng palay.",
             D(2023, 9, 11), "September 11, 2023 - 03:08 PM", "date_line",
             "Radyo Inquirer: Tagalog text, English byline/date line (Filipino sites usually print English dates). Agency names in English."),
        page("article", "https://rcef.da.gov.ph/?p=10601",
             "Mahigit 500 na magsasaka, ahensiya ng gobyerno, at mga pribadong kumpanya ang nakilahok sa unang araw ng 2023 Wet Season Lakbay Palay sa DA-PhilRice Batac na may temang “RCEF ano na?!”.\n\n"
             "Naipakilala sa nasabing aktibidad ang mga iba’t ibang teknolohiyang sa pagsasaka tulad ng makinarya, barayti ng palay, at model farms upang mapataas ang ani mapababa ang gastos ng mga magsasaka.\n\n"
             "Tampok din ang mga produkto ng mga ahensiya ng gobyerno at pribadong kumpanya sa exhibit. (FB, DA-PhilRice Batac, October 25, 2023)",
             D(2023, 10, 25), "October 25, 2023", "source_credit",
             "Department of Agriculture (RCEF) item; the only date is in the closing source credit '(FB, DA-PhilRice Batac, October 25, 2023)', i.e. the original post date. Code-switching: 'Wet Season', 'model farms', 'exhibit'."),
        page("article", "https://deped.gov.ph/official-statements/page/39",
             "PASIG CITY, Pebrero 28, 2019 –Alinsunod sa adhikain na makamit ang zero tolerance sa anumang uri ng pang-aabuso, pananamantala, diskriminasyon, pang-aapi at iba pang anyo ng karahasan laban sa mga continue reading : Pahayag sa ‘Momo challenge’ at kahalintulad na mga banta sa kaligtasan ng kabataan...",
             D(2019, 2, 28), "PASIG CITY, Pebrero 28, 2019", "dateline",
             "ONE ENTRY copied from a DepEd listing page (the other entries of that page are English or undated): Filipino month 'Pebrero' in an English-style 'Month D, YYYY' dateline; English link text 'continue reading :' is part of the entry."),
        page("article", "https://peoples-balita.com/2025/06/18/page/3",
             "• October 24, 2025 WordPress timezone: Asia/Manila\n"
             "    Current date: October 24, 2025\n"
             "    Current time: October 24, 2025 11:05 AM\n\n"
             "  • Ang Diyaryong Pinagkakatiwalaan\n\n"
             "Archive for June 18th, 2025\n\n"
             "27 milyong estudyante, nagbalik-eskwela na  \n\n"
             "Posted on: June 18th, 2025 by @peoplesbalita No Comments\n\n"
             "“ALL systems go’ sa pagbubukas ng klase sa mga pampublikong paaralan sa bansa Lunes, Hunyo 16.”\n\n"
             "Ayon kay Education Secretary Sonny Angara, handang-handa na sila para sa pagbabalik-eskwela ng mga mag-aaral ngayong School Year 2025-2026.\n\n"
             "“All systems go po ang lahat sa pagbubukas ng ating klase bukas, June 16,” aniya pa.",
             D(2025, 6, 18), "Posted on: June 18th, 2025", "date_line",
             "HARD: the page header is a WordPress debug widget showing the CRAWL time ('Current date: October 24, 2025') before the real post line 'Posted on: June 18th, 2025'. Body: 'Lunes, Hunyo 16' (Filipino month, no year) and 'June 16' (English month) are the event day. Taglish quotes."),
        page("article", "https://balita.mb.com.ph/2026/01/04/fake-news-alert-deped-nilinaw-na-sa-enero-5-pagbabalik-sa-klase-hindi-sa-enero-12",
             "January 06, 2026\n\nHome BALITA National\n\n"
             "‘Fake News Alert!’ DepEd, nilinaw na sa Enero 5 pagbabalik sa klase, hindi sa Enero 12\n\n"
             "‘Fake News Alert!’ DepEd, nilinaw na sa Enero 5 pagbabalik sa klase, hindi sa Enero 12\n"
             "Photo courtesy: DepEd Philippines (FB)\n\n"
             "Nilinaw ng Department of Education (DepEd) na sa Lunes, Enero 5, ang opisyal na pagbubukas ng mga klase, at hindi sa Enero 12, na kumakalat sa ilang social media pages kamakailan. \n\n"
             "“Mga Ka-DepEd, ang opisyal na resumption of classes ay sa Enero 5, 2026, Lunes, alinsunod sa DepEd Order No. 15, s. 2025,” pahayag ng DepEd nitong Linggo, Enero 4.",
             None, None, None,
             "Balita (Manila Bulletin's Filipino edition). HARD: the top line 'January 06, 2026' is the site header's current date when the page was stored (another stored copy of a Balita article shows a different header date for the same URL), not the article date. The statement was 'nitong Linggo, Enero 4' (Sunday, 4 January; no year; URL 2026/01/04); 'Enero 5, 2026' is a future date. Filipino months Enero; Taglish quote."),
        page("article", "https://balita.mb.com.ph/2025/04/28/up-dlsu-sanib-pwersa-sa-pagpapaunlad-ng-lipunang-pilipino/",
             "May 21, 2025\n\nHome BALITA\n\n"
             "UP, DLSU sanib-pwersa sa pagpapaunlad ng lipunang Pilipino\n\n"
             "UP, DLSU sanib-pwersa sa pagpapaunlad ng lipunang Pilipino\n"
             "Photo Courtesy: DLSU, UP (FB)\n\n"
             "Magtutulungan ang dalawa sa mga nangungunang unibersidad sa bansa para sa ikauunlad ng Pilipinas.\n\n"
             "Sa isang Facebook post ng De La Salle University (DLUS) nitong Lunes, Abril 28, inanunsiyo nilang pipirma sila kasama ang University of the Philippines ng five-year Memorandum of Understanding (MOU).\n\n"
             "“In a symbolic event, the De La Salle University and the University of the Philippines will sign a five-year Memorandum of Understanding (MOU) to strengthen academic cooperation and mutual understanding between the two universities toward the promotion of a culture of sustainability, and the development of Philippine society,” saad ng DLSU.",
             None, None, None,
             "HARD: header 'May 21, 2025' is the page-render date of this stored copy (a second stored copy of the same URL shows 'April 28, 2025'); the article refers to 'nitong Lunes, Abril 28' (no year; URL 2025/04/28). Long English quotation inside Filipino text: about half of the function words are English, the framing sentences are Filipino (university research cooperation)."),
        page("article", "https://radyopilipinas.ph/2024/08/ika-8-space-council-meeting-pinangunahan-ni-pangulong-marcos-jr",
             "Ika-8 Space Council meeting, pinangunahan ni Pangulong Marcos Jr.\n\n"
             "Facebook\nTwitter\nLinkedIn\n\n"
             "Binigyang diin ni Pangulong Ferdinand R. Marcos Jr. ang kaniyang direktiba na i-develop at i-utilize ang space science and technology, para sa ika-uunlad pa ng bansa.\n\n"
             "Ito ayon kay Presidential Communications Office (PCO) Secretary Cheloy Velicaria-Garafil ay kasabay na rin ng selebrasyon ng Philippine Space Week, kung saan ang Pangulo mismo ang nanguna sa ika-walong Philippine Space Council (PSC), meeting ngayong araw (August 12).",
             None, None, None,
             "Radyo Pilipinas (state radio). 'ngayong araw (August 12)' = today, English month, no year (URL 2024/08). Taglish verbs 'i-develop', 'i-utilize'. Space science cooperation."),
        page("article", "https://www.abante.com.ph/2022/10/19/pbbm-excited-sa-gawang-pinoy-na-satellite/",
             "Suportado ni Pangulong Ferdinand ‘Bongbong’ Marcos Jr. ang hakbang ng Filipino engineers mula sa Philippine Satellite Agency (PhilSa) na gumawa ng Multi-spectral Unit for Land Assessment (MULA) satellite.\n\n"
             "Pinulong ng pangulo nitong Martes ang mga opisyal ng PhilSa kasama si Department of Science and technology Secretary Renato Solidum sa Malacañang kung saan inilatag sa kanya ang planong paggawa ng MULA satellite.\n\n"
             "“I am looking forward to the development of our MULA satellite and its subsequent launching sometime in 2025,” anang pangulo.",
             None, None, None,
             "Abante tabloid. Weekday only ('nitong Martes'); '2025' in the English quote is a future launch year. URL 2022/10/19; the stored page metadata gave only '2022-10'."),
        page("article", "https://philippines-times.com/inanunsyo-ni-marcos-ang-paparating-na-paglulunsad-ng-mula-satellite/amp",
             "MANILA, Philippines — Inanunsyo nitong Lunes ni Pangulong Ferdinand Marcos Jr. ang paparating na paglulunsad ng Philippine satellite na gagamitin para sa disaster resilience, environmental conservation at national security.\n"
             "Ginawa ng Pangulo ang pahayag matapos pangunahan ang 8th Philippine Space Council (PSC) meeting kung saan binigyan siya ng briefing tungkol sa development at utilization ng space science and technology sa bansa sa pagdiriwang ng Philippine Space Week.\n"
             "Sinabi ni Marcos na ang Multispectral Unit for Land Assessment (MULA) Satellite ay binuo ng 16 Filipino engineers na ipinakalat ng Philippine Space Agency (PhilSA) sa UK.",
             None, None, None,
             "Heavy Taglish (many English noun phrases); English dateline 'MANILA, Philippines —' and weekday only."),
        page("article", RMN_BOLD_URL,
             "𝗠𝗚𝗔 𝗠𝗔𝗚𝗦𝗔𝗦𝗔𝗞𝗔 𝗦𝗔 𝗣𝗔𝗡𝗚𝗔𝗦𝗜𝗡𝗔𝗡, 𝗧𝗨𝗠𝗔𝗡𝗚𝗚𝗔𝗣 𝗡𝗚 𝗦𝗢𝗟𝗔𝗥 𝗗𝗥𝗬𝗜𝗡𝗚 𝗧𝗥𝗔𝗬𝗦\n\n"
             "Napamahagian ang mga grupo ng magsasaka mula sa Pangasinan ng ilang mga tulong pansaka mula sa Department of Science and Technology o DOST sa ilalim ng Community Empowerment through Science and Technology (CEST).\n\n"
             "Apat na asosyan na kinabibilangan ng Hilltop Organic Farmers League ng San Jacinto Inc., Away Labney Lobong Irrigators Association, at Bolo Labney Lobong San Jose Irrigators Association ang tumanggap ng tig apat na solar drying trays habang ang Awai Upper Hills Farmers Association ay mayroong tatlo.",
             None, None, None,
             "RMN; the headline is written in MATHEMATICAL SANS-SERIF BOLD letters (U+1D5D4...), a Facebook habit that defeats naive language ID unless NFKC-normalised. No date."),
        page("article", "https://radyopilipinas.ph/2024/07/modernong-pamamaraan-sa-pagtatanim-tinututukan-na-ng-da",
             "Modernong pamamaraan sa pagtatanim, tinututukan na ng DA\n\n"
             "Facebook\nTwitter\nLinkedIn\n\n"
             "Tinututukan na ng Department of Agriculture (DA) ang technology-based farming method tungo sa modernisasyon sa sektor ng agrikultura.\n\n"
             "Ayon kay Agriculture Secretary Francisco Tiu Laurel Jr., isa sa pangunahing tinututukan ng DA ay ang modernong pamamaraan sa pagtatanim.",
             None, None, None,
             "Radyo Pilipinas; share-button words in English; no date in text (URL 2024/07)."),
        page("article", "https://mirror.pco.gov.ph/press-briefing/public-briefing-laginghandaph-hosted-by-presidential-communications-operations-office-secretary-martin-andanar-and-pcoo-undersecretary-rocky-ignacio-5",
             "SEC. ANDANAR: Magandang umaga, Pilipinas. Sa ating krisis na nararanasan ngayon dahil sa COVID-19, kritikal na papel ang ginagampanan ng ating pagkakaisa at pagtutulungan upang tuluyan nating masugpo ang sakit na ito.\n"
             "USEC. IGNACIO: Kaya naman po para siguruhing tayo po ay laging handa at may sapat na kaalaman, narito pong muli kami upang ihatid sa inyo ang mga importanteng balita at impormasyon na nagdatingan sa labang ito. Ako po si Usec. Rocky Ignacio.\n"
             "SEC. ANDANAR: Ako po naman si Secretary Martin Andanar. Samahan ninyo po kami sa isa na namang makabuluhang talakayan ngayong araw dito sa Public Briefing #LagingHandaPH.\n"
             "Upang sumagot sa mga tanong ng bayan, maya-maya lang po ay makakausap natin via VMIX sina DOST Secretary Fortunato ‘Boy’ de la Peña, DILG Undersecretary Martin Diño, MMDA Assistant Secretary Celine Pialago.",
             None, None, None,
             "Presidential Communications Office transcript (spoken Filipino with English titles and 'via VMIX'); no date."),
        page("article", "https://pco.gov.ph/media-interview/cabinet-report-sa-teleradyo-the-new-normal-hosted-by-presidential-communications-operations-office-secretary-martin-andanar-9/",
             "SEC. ANDANAR: Pilipinas, ngayong gabi makikiisa tayo sa Department of Science and Technology at sasamahan natin sila sa paghahanda at sa pag-abang sa National Science and Technology Week 2020 na gaganapin sa darating na linggo na simula Lunes. Mahalagang-mahalaga ang papel ng agham at teknolohiya sa pag-unlad ng ating bansa.\n"
             "Kung naalala ninyo po kailan lang ay kausap natin ang Philippine Center for Postharvest Development and Mechanization o PhilMech at ang kanilang sinabi nga ay malaki ang tulong ng teknolohiya sa pagpapagaan ng gawain ng ating mga magsasaka’t mangingisda. Bukod po dito, natutulungan pa ng agricultural technologies na iakyat ang antas ng productivity nila at nitong mga nakaraang buwan, sentrong-sentro ang kahalagahan ng siyensya habang sinusuri natin ang mga paraan sa pagharap sa mga hamon na dala ng pandemya at krisis sa klima.\n"
             "Kaya ngayong gabi, pag-usapan natin ang Department of Science and Technology at ang kanilang mga ginagawa para sa ikabubuti at ikauunlad ng bansa. Makakapanayam po natin ang DOST Secretary mismo, si Secretary Fortunato ‘Boy’ de la Peña. Ito po si Communications Secretary Martin Andanar, welcome to the Cabinet Report.\n"
             "[VTR]\n"
             "SEC. ANDANAR: Welcome back to the Cabinet Report; bisita po natin ngayon ang Kalihim mismo ng Kagawaran ng Agham at Teknolohiya, si Secretary Fortunato ‘Boy’ de la Peña.\n"
             "Sec. Boy, nandito tayo upang hikayatin ang ating mga kababayang makilahok sa gaganaping National Science and Technology Week na sa kauna-unahang pagkakataon ay gagawin virtually. Ano po ang maaasahan natin sa National Science and Technology Week na magsisimula na sa Lunes?\n"
             "DOST SEC. DE LA PEÑA: Okay. So first time nating hinu-hold ito ng November through an executive order dahil nga gusto nating mag-benefit naman iyong students at all levels, kasi dati ay July, ngayon ay bakasyon na kasi ang July so minove (move) natin ng November.",
             None, None, None,
             "PCO 'Cabinet Report' transcript with DOST: intra-sentence code-switching ('first time nating hinu-hold ito ng November through an executive order', 'minove (move)'). English month names without day/year; no date."),
        page("article", "https://pinoypubliko.com/commentary/ph-space-tech-gagamitin-sa-maritime-security-sanib-pwersa-sa-coast-guard",
             "TAMA, sa mga kapamilya at ‘Marites’ na hindi pa updated, meron tayong space technology na pinakikinabangan at patuloy na pinauunlad.\n"
             "Alam nyo bang nakagawa na tayo ng unang rocket o missile?\n"
             "Tinawag na Bongbong rocket, syempre anak ng pumanaw na senior, dinescribe ito ng NASA na unang liquid-propellant rocket ng Pilipinas.\n"
             "Pinakawalan ito sa ere nung March 12, 1972 sa Caballo Island malapit sa Corregidor.August 20, 1997 nang dineploy naman ang kauna-unahang Filipino-owned satellite – ang Agila 2 ng Mabuhay Satellite Corporation.",
             None, None, None,
             "Colloquial Taglish commentary ('dinescribe', 'dineploy', 'nung'). Both full dates (March 12, 1972; August 20, 1997 -- glued to the previous sentence without a space) are historical, not publication dates."),
        page("article", "https://stii.dost.gov.ph/?start=534",
             "MENU\n\n"
             "“Imagine teachers using their laptops, flashing STARBOOKS contents on the TV screen while delivering their lectures to the students. What a wonderful sight!” \n\n"
             "Sa pangunguna ng Department of Science and Technology-Forest Products Research and Development Institute (DOST-FPRDI), nasolusyunan ang isa sa mga hinaing ng mga lokal na abaca farmers: ang pagkakaroon ng fiber-extracting machine na ligtas at epektibo rin. \n\n"
             "Ibinahagi ng tanggapan ng Kagawaran ng Agham at Teknolohiya o DOST sa CALABARZON ang ilang mga produktong pagkain bilang hatid-tulong sa mga lumikas mula sa mga bayan ng Agoncillo at Laurel sa lalawigan ng Batangas matapos ang kamakailang phreatomagmatic na pagbulahaw ng Bulkang Taal noong ika-anim ng Abril taong 2022.",
             None, None, None,
             "DOST-STII listing page: an English teaser sentence followed by two Filipino teasers (majority Filipino). The spelled-out ordinal date 'noong ika-anim ng Abril taong 2022' (6 April 2022) is the eruption day, a past event, not the publication date."),
        page("article", "https://tuklasinnatin.net/2025/08/01/agham-at-teknolohiya-na-ramdam-pangako-ni-dost-sec-solidum",
             "Home Feature Agham at Teknolohiya na ramdam, pangako ni DOST Sec. Solidum\n\n"
             "Agham at Teknolohiya na ramdam, pangako ni DOST Sec. Solidum\n\n0\n3\n"
             "Si DOST Secretary Renato U. Solidum Jr., ay nagbigay ng pahayag sa 2025 post-SONA discussions on Environmental Protection and Disaster Risk Reduction noong Hulyo 29, 2025 na ginanap sa San Juan National Government Center, Lungsod ng San Juan. (Larawan mula sa PCOO)\n\n"
             "Matapos ang ika-apat na State of the Nation Address (SONA) ni Pangulong Ferdinand R. Marcos Jr., ipinangako ni Department of Science and Technology (DOST) Secretary Renato U. Solidum Jr. ang mas responsive at maaasahang kagawaran sa ilalim ng kasalukuyang administrasyon.\n\n"
             "Sa kanyang pahayag noong ika-29 ng Hulyo 2025 sa post-SONA discussion kaugnay ng Environmental Protection at Disaster Risk Reduction, iginiit ni Solidum: “Sa Bagong Pilipinas, ang agham ay ramdam. ‘Yan po ang ating pangako.”",
             None, None, None,
             "Filipino feature with English event names. The same past event date in two Filipino forms: 'noong Hulyo 29, 2025' (caption) and the ordinal 'noong ika-29 ng Hulyo 2025'; 'noong' marks the past, and the URL dates the article 2025-08-01, so no publication date is stated. DOST."),
        page("article", "https://smninewschannel.com/dict-target-na-maiplementa-agad-ang-mandato-ni-pbbm-sa-kanilang-ahensya/",
             "TARGET ng Department of Information and Communications Technology (DICT) na mabilis nilang maipatupad ang mandato ni Pangulong Ferdinand “Bongbong” Marcos Jr. sa kanilang ahensya.\n"
             "Isa na aniya dito ayon kay DICT Sec. Ivan John Uy sa panayam ng SMNI News ang digitalization gaya ng sa Department of Migrant Workers (DMW).\n"
             "Kaugnay ito sa mas pinabilis na pagrelease ng overseas employment certificate.",
             None, None, None,
             "Taglish ('pagrelease', 'digitalization'); no date. DICT digitalisation."),
        page("article", "http://bandera.inquirer.net/153543/klase-sa-mindanao-tuloy-ang-pagbubukas-sa-hunyo-5",
             "Klase sa Mindanao tuloy ang pagbubukas sa Hunyo 5 By Leifbilly Begas Bandera\n\n"
             "TULOY ang pagsisimula ng klase sa Mindanao sa Hunyo 5 sa kabila ng mga kaguluhan doon. Ayon sa inilabas na pahayag ng Department of Education, hindi gagamiting evacuation center ang mga paaralan sa pampublikong elementarya at high school. “In Marawi City, the provincial capitol and the Mindanao State University will serve such purpose,” saad ng DepEd.",
             None, None, None,
             "Bandera (Inquirer tabloid). 'Hunyo 5' (Filipino month, no year) is a future date; English quotation inside Filipino. The stored page metadata date is recorded as corpus_date.",
             corpus_date=D(2017, 5, 25)),
        page("article", "https://peoplesbalita.com/mas-lalamig-pa-ang-panahon-sa-sunod-na-linggo-pagasa/",
             "• June 13, 2025\n  • Ang Diyaryong Pinagkakatiwalaan\n\n"
             "Mas lalamig pa ang panahon sa sunod na linggo – PAGASA\n\n"
             "TINATAYA ng PAGASA na mas lalamig pa ang panahon sa susunod na linggo.\n\n \n\n \n\n"
             "Ayon kay Joey Figuracion, climatologist ng PAGASA, ang kasalukuyang epekto ng panahon sa ngayon ay hihigitan pa ng malamig na panahon sa sunod na linggo dahil sa amihan surge o bumabang temperatura.\n\n \n\n \n\n"
             "“Itong current na nararanasan natin na surge ay maaaring mag-last in two days pa. Bahagyang iinit ulit tapos meron na naman tayong aasahan na surge in the coming next week so… medyo lalamig pa ang ating temperature… sa susunod na linggo,” sabi ni Figuracion.\n\n \n\n \n\n"
             "Noong January 11 ay naitala ang pinaka malamig na temperatura na pumalo sa 12.1°C sa La Trinidad Benguet at mababang temperatura na 20.2°C  sa Metro Manila batay sa tala sa Science Garden, Quezon City noong January 14.",
             None, None, None,
             "HARD: the header 'June 13, 2025' is the site's current date when stored, but the story is about a January cold surge ('Noong January 11', 'noong January 14', no year). Taglish quotation. No reliable publication date in the text."),
        page("article", "https://cauayan.bomboradyo.com/bagong-satellite-na-diwata-3-maya-2-ilulunsad-ng-dost-bago-magtapos-ang-termino-ng-pangasiwaang-duterte",
             "CAUAYAN CITY- Puntirya ng Department of Science and Technology ( DOST ) na mailunsad ang mga panibagong satellite ng Pilipinas bago magtapos ang termino ni Pangulong Rodrigo Duterte.\n"
             "Sinabi ni DOST Secretary Fortunato Dela Peña ng DOST na una na nilang inilunsad sa Kalawakan noong Abril 2016 ang Diwata 1, isang micro-satellite na kumukuha ng larawan o kalagayan ng bansa at noong Oktobre 2018 ay inilunsad naman ang Diwata 2.",
             None, None, None,
             "Bombo Radyo Cauayan. Month-year only and both past ('noong Abril 2016', 'noong Oktobre 2018' -- variant spelling of Oktubre)."),
        page("article", "https://dzme1530.ph/?p=8511",
             "dzme1530.ph\n\n"
             "Makabagong teknolohiya, gagamitin ng gobyerno upang mahikayat ang kabataan sa agri-business at farming\n\n"
             "Gagamitin ng gobyerno ang makabagong teknolohiya sa sektor ng agrikultura, upang mahikayat ang kabataan na pumasok sa agribusiness at farming.\n\n"
             "Ayon kay Pang. Ferdinand “Bongbong” Marcos Jr., hangad nilang maibaba ang average age ng Filipino farmers na kasalukuyang naglalaro sa 56 hanggang 57 years old.",
             None, None, None,
             "DZME radio; Taglish ('average age', 'years old'); no date."),
        page("headline", "https://peoplestaliba.com/philsa-pinuri-ni-pbbm-sa-paggawa-ng-sariling-space-satellite",
             "PhilSa pinuri ni PBBM sa paggawa ng sariling space satellite",
             note="Taglish headline (acronyms + 'space satellite')."),
        page("headline", "https://radyopilipinas.ph/?p=98241",
             "Mga senador, hinikayat ang PAGASA na gawing mas simple at nauunawaan ang kanilang weather advisories",
             note="Filipino headline ending in an English noun phrase."),
        page("headline", "https://qa.philstar.com/bansa/2011/10/15/737162/p425-m-dagdag-pondo-sa-pagasa",
             "P425-M dagdag pondo sa PAGASA",
             note="Very short Filipino headline (Pilipino Star Ngayon): only 'dagdag pondo sa' is Tagalog."),
        page("headline", "https://www.philstar.com/pang-masa/police-metro/2025/05/19/2444082/deped-pagkalat-na-may-grade-13-na-sa-senior-high-school-fake-news",
             "DepEd: Pagkalat na may Grade 13 na sa Senior High School, fake news",
             note="Taglish headline (Pang-Masa): English terms 'Grade 13', 'Senior High School', 'fake news'."),
    ]
