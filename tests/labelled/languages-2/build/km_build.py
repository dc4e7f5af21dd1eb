import sys, io, zipfile, subprocess, datetime as dt
import os; sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from common2 import *
REPO="phylypo/segmentation-crf-khmer"; M="/work/.mirror/phylypo+segmentation-crf-khmer/repo"; C="ecf97c5b7eae3b3365eda08927a7d55d9fe5c626"; ZIP="data/kh_data_1000.zip"
LIC="none: the repository has no licence file; the texts are Khmer news articles (July 2019) whose source sites are not named"
z=zipfile.ZipFile(io.BytesIO(subprocess.run(["git","-C",M,"show",f"{C}:{ZIP}"],capture_output=True,check=True).stdout))
D=dt.date
def art(num, published, date_text, basis, note):
    t=z.read(f"kh_data_1000/{num}_orig.txt").decode()
    text,tr=first_paragraphs(t,600)
    if date_text: date_text=date_text.replace("·","\u200b")
    return dict(kind="article", text=text, title=t.split("\n")[0].strip(), published=published, date_text=date_text, date_basis=basis, url=None,
        provenance={"repository":REPO,"path":f"{ZIP} -> kh_data_1000/{num}_orig.txt","commit":C,"licence":LIC}, encoding="unicode", trimmed=tr, note="title line plus the opening paragraphs as stored; "+note)
J=D(2019,7,27)
items=[
 art(313211,J,"នាព្រឹកថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ","dateline","dateline '(បាត់ដំបង)៖' then the full date with នេះ ('this'), Khmer digits. Association meeting, Battambang."),
 art(313217,J,"នៅព្រឹកថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ","lead","dateline '(ស្វាយរៀង)៖' then the subject, then 'on the morning of 27 July 2019 this [day]' (នេះ). Child drowning-prevention training."),
 art(313244,J,"នៅរសៀលថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ","dateline","dateline 'មណ្ឌលគិរី៖' (no brackets) + 'afternoon of 27 July 2019 this'. Forestry officials sent to court."),
 art(313269,J,"នៅថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩","dateline","dateline 'ខេត្តមណ្ឌលគិរី៖' + full date without នេះ; nothing marks it past or future; the last line says 'a moment ago' (មុននេះបន្តិច). Short article with byline."),
 art(313287,J,"នា·រសៀល·ថ្ងៃ·ទី·២៧· ខែកក្កដា· ឆ្នាំ·២០១៩","dateline","date carries zero-width spaces (U+200B) between words; dateline 'ព្រះ·វិហារ· ៖'; no នេះ. Border police trainees."),
 art(313348,J,"នៅល្ងាចថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ","dateline","dateline 'ភ្នំពេញ៖' + 'evening of 27 July 2019 this'. The earlier theft is only 'កាលពីកន្លងទៅនេះ' (in the past), undated. Charity handover."),
 art(313350,J,"ថ្ងៃ·ទី·២៧· ខែកក្កដា· ឆ្នាំ·២០១៩","headline","the full date is in the title line (first line of the stored text) and again in the lead; zero-width spaces. Daily national drug-crackdown report."),
 art(313377,J,"ព្រឹក·ថ្ងៃ·ទី·២៧ ខែកក្កដា ឆ្នាំ·២០១៩·នេះ","dateline","dateline 'បន្ទាយមានជ័យ ៖' + 'morning of 27 July 2019 this'; zero-width spaces. Free medical check-ups."),
 art(313398,J,"ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ","dateline","the title has '27 July' without a year ('ថ្ងៃទី២៧ ខែកក្កដា៖'); the lead after '(ភ្នំពេញ)៖' gives the full date with នេះ; the report also has a year-to-date range 'ពីថ្ងៃទី១ ខែមករា ដល់ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩' (range, not taken). Drug crackdown (same report as item 7, other outlet)."),
 art(313460,J,"នៅរសៀលថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩","lead","dateline '(ភ្នំពេញ)៖' + company name + 'afternoon of 27 July 2019' (no នេះ, nothing marks it past). Company award event."),
 art(313530,J,"នាវេលាម៉ោង១៥នឹង០០នាទី· ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩","dateline","dateline 'រាជធានីភ្នំពេញ· ៖' + time 15:00 + full date; zero-width space after the time. Drug arrest."),
 art(313532,J,"នៅវេលាម៉ោង ០៩ និង ០០នាទី ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩","dateline","dateline 'ឧត្តរមានជ័យ៖' + time 09:00 + full date, Khmer digits. Gendarmerie drug arrest."),
 art(313414,J,"នៅព្រឹកថ្ងៃទី ២៧ ខែកក្កដា ឆ្នាំ ២០១៩","dateline","dateline 'បាត់ដំបង៖' + full date with spaces after ទី and ឆ្នាំ (the provincial police Facebook post of that morning). Foreign couple reported lost."),
 art(313205,J,"ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ","lead","'(ព្រះសីហនុ)៖ traffic ... as of after 2 pm, 27 July 2019 this' (គិតត្រឹមម៉ោងជាង២រសៀល). Road works on National Road 4."),
 art(313301,J,"នៅថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ","lead","dateline '(មណ្ឌលគិរី)៖' + spokesman told Fresh News that 'on 27 July 2019 this' three trucks were burned. Illegal logging."),
 art(313196,None,None,None,"HARD NEGATIVE (past): the only full date is marked past: 'កាលពីថ្ងៃទី២៦ ខែកក្កដា ឆ្នាំ២០១៩' (កាលពី = 'on [past]'); publication was likely 26 or 27 July 2019. Drunk-driving crash, Kampong Cham."),
 art(313199,None,None,None,"HARD NEGATIVE (future + range): '...នៅ·ថ្ងៃទី·១៤ ខែសីហា·ឆ្នាំ·២០១៩·ខាងមុខនេះ' (14 Aug 2019, 'coming', future) and the exam range 'ពី·ថ្ងៃ·ទី·១៧ ដល់·ថ្ងៃ·ទី·២៣ ខែកក្កដា ឆ្នាំ·២០១៩'. Korean language test results."),
 art(313357,None,None,None,"HARD NEGATIVE (future range): the visit 'ចាប់ពី·ថ្ងៃទី·២៨ ខែកក្កដា ដល់·ថ្ងៃទី·០១ ខែសីហា ឆ្នាំ·២០១៩ នេះ' (28 Jul - 1 Aug 2019) is a coming range; no publication date. Interior minister's visit to Turkey."),
 art(313390,None,None,None,"HARD NEGATIVE (past): 'កាលពីថ្ងៃទី២៤ ខែកក្កដា ឆ្នាំ២០១៩នេះ' -- past-marked (កាលពី) although it carries នេះ; the Facebook post date, not the publication date (collection late July 2019)."),
]
print(write_yaml("km", items, header("Khmer","km")), len(items))
