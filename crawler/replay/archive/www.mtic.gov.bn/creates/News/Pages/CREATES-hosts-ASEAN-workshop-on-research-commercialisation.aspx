<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="en-US">
<head><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta http-equiv="Expires" content="0" /><meta name="msapplication-TileImage" content="/_layouts/15/images/SharePointMetroAppTile.png" /><title>
	CREATES Hosts ASEAN Workshop on Research Commercialisation
</title><link rel="stylesheet" type="text/css" href="/_layouts/15/1033/styles/Themable/corev15.css?rev=2r8yBHEfpTlTxTdkKfPXAQ%3D%3D"/>
<script type="text/javascript" src="/_layouts/15/init.js?rev=ZH8rTMv6YPKKtbgtdmbs%2Bg%3D%3D"></script>
<script type="text/javascript">var _spPageContextInfo={webServerRelativeUrl:"\u002fcreates",webAbsoluteUrl:"https:\u002f\u002fwww.mtic.gov.bn\u002fcreates",siteAbsoluteUrl:"https:\u002f\u002fwww.mtic.gov.bn",serverRequestPath:"\u002fcreates\u002fNews\u002fPages",layoutsUrl:"_layouts\u002f15",webTitle:"CREATES",webLanguage:1033,currentLanguage:1033,currentUICultureName:"en-US"};</script>
</head>
<body>
<div id="imgPrefetch" style="display:none"><img src="/_layouts/15/images/spcommon.png?rev=23" /></div>
<form method="post" action="./default.aspx" id="aspnetForm">
<div class="aspNetHidden"><input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x3F1A9C0D7E2B45A1,21 Nov 2026 04:12:33 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIRD2QWAgIDDxYCHhNQcmV2aW91c0NvbnRyb2xNb2RlCymIAU1pY3Jvc29mdC5TaGFyZVBvaW50LldlYkNvbnRyb2xzLlNQQ29udHJvbE1vZGU=" /></div>
<div id="ms-designer-ribbon">
 <div id="s4-ribbonrow" style="display:none"><div id="globalNavBox" noindex="true"><div id="ribbonBox">
  <a href="javascript:;" onclick="_ribbonStartInit(this.id,true,event)" class="ms-skip" id="ctl00_SkipRibbon">Skip Ribbon Commands</a>
  <div id="Ribbon" class="ms-ribbon"><span class="ms-cui-tts"><a class="ms-cui-tt-a" title="Browse">Browse</a><a class="ms-cui-tt-a" title="Page">Page</a></span></div>
  <a name="ctl00_SkipRibbon" id="ctl00_SkipRibbonLink"></a></div></div></div>
</div>
<a id="HiddenAnchor" href="javascript:;" style="display:none;"></a>
<a href="#mainContent" class="ms-skip">Skip to main content</a>
<div class="ms-hide"><a id="ctl00_IdWelcome_ExplicitLogin" class="ms-signInLink" href="https://www.mtic.gov.bn/creates/_layouts/15/Authenticate.aspx?Source=%2Fcreates">Sign In</a></div>
<div id="s4-workspace"><div id="s4-bodyContainer">
 <div class="mtic-header"><a href="https://www.mtic.gov.bn/"><img src="/creates/SiteAssets/logo-mtic.png" alt="Ministry of Transport and Infocommunications" /></a>
  <div class="mtic-title">Ministry of Transport and Infocommunications<br /><span>Kementerian Pengangkutan dan Infokomunikasi</span></div></div>
 <div class="ms-breadcrumb-box"><span class="ms-breadcrumb"><a href="https://www.mtic.gov.bn/">MTIC</a> &gt; <a href="https://www.mtic.gov.bn/creates/">CREATES</a> &gt; <a href="https://www.mtic.gov.bn/creates/SitePages/News.aspx">News</a></span></div>
 <div id="DeltaTopNavigation" class="ms-displayInline ms-core-navigation"><ul class="root ms-core-listMenu-root static">
  <li class="static"><a class="static menu-item" href="https://www.mtic.gov.bn/creates/"><span class="menu-item-text">Home</span></a></li>
  <li class="static"><a class="static menu-item" href="https://www.mtic.gov.bn/creates/SitePages/About-CREATES.aspx"><span class="menu-item-text">About CREATES</span></a></li>
  <li class="static"><a class="static menu-item" href="https://www.mtic.gov.bn/creates/SitePages/Research-Grants.aspx"><span class="menu-item-text">Research Grants</span></a></li>
  <li class="static selected"><a class="static selected menu-item" href="https://www.mtic.gov.bn/creates/SitePages/News.aspx"><span class="menu-item-text">News</span></a></li>
  <li class="static"><a class="static menu-item" href="https://www.mtic.gov.bn/creates/Documents/Forms/AllItems.aspx"><span class="menu-item-text">Publications</span></a></li>
 </ul></div>
 <div id="contentRow"><div id="contentBox" aria-live="polite" aria-relevant="all"><div id="DeltaPlaceHolderMain"><a id="mainContent" name="mainContent" tabindex="-1"></a>
<div class="article article-body">
 <div class="article-header"><h1><div id="ctl00_PlaceHolderMain_ctl00__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl00_label">CREATES Hosts ASEAN Workshop on Research Commercialisation</div></h1>
  <div class="date-line"><span id="ctl00_PlaceHolderMain_ctl01_ctl00_ArticleDate">Article Date: Thursday, 14 September 2023</span></div></div>
 <div class="article-content"><div id="ctl00_PlaceHolderMain_PageContent__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_PageContent_label">
<p>BANDAR SERI BEGAWAN – The Centre for Research and Technology Enhancement (CREATES) under the Ministry of Transport and Infocommunications hosted a regional workshop on research commercialisation and technology transfer on 12 and 13 September 2023.</p>
<p>Forty participants from universities, research councils and technology transfer offices in Brunei Darussalam, Malaysia, Thailand, Indonesia and the Philippines discussed how to move research from the laboratory to the market. Sessions covered patent strategy, licensing agreements, university spin-off companies and the valuation of early-stage technologies.</p>
<p>Speakers from Thailand’s National Science and Technology Development Agency (NSTDA) shared how its technology licensing office works with industry, while Universiti Brunei Darussalam presented its first spin-off companies in digital health and halal food testing.</p>
<p>In his opening remarks, the Deputy Permanent Secretary said that Brunei Darussalam’s Wawasan 2035 calls for a research system that creates jobs and diversifies the economy, and that CREATES will introduce a proof-of-concept grant in 2024 to help researchers test commercial ideas.</p>
<p>The workshop was organised with the support of the ASEAN Committee on Science, Technology and Innovation (COSTI).</p>
 </div></div>
 <div class="ms-PostFooter">Last modified at 14 September 2023 by CREATES Admin</div>
</div>
 </div></div></div>
 <div class="mtic-footer"><p>Copyright © 2026 Ministry of Transport and Infocommunications. All Rights Reserved.</p><p>Best viewed with Microsoft Edge, Google Chrome or Mozilla Firefox at 1280 x 1024 resolution.</p>
  <p><a href="https://www.mtic.gov.bn/SitePages/Privacy-Policy.aspx">Privacy Policy</a> | <a href="https://www.mtic.gov.bn/SitePages/Disclaimer.aspx">Disclaimer</a></p></div>
</div></div>
<script type="text/javascript">//<![CDATA[
var g_correlationId = '5b3f8a9e-1c2d-4e7f-9a0b-3c4d5e6f7a8b'; ExecuteOrDelayUntilScriptLoaded(function(){ }, 'sp.js');
//]]></script>
</form>
</body>
</html>
